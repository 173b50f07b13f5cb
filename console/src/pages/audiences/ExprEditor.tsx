// The audience expression as nested groups: each group combines its conditions with AND or OR, any condition or
// group can be negated (NOT = exclude), and conditions are tags (picked by catalog group, with user counts),
// behaviour (did X on a category / brand / store at least N times in the last D days), a tier of one of the
// merchant's stores, or another saved audience. Issues (unfinished here, or refused by the server) show beside
// the condition they concern.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, InputNumber, Segmented, Select, Tag, Tooltip, Typography } from 'antd';
import { createContext, type ReactNode, useCallback, useContext, useMemo } from 'react';
import { formatNumber } from '../../format';
import { CategorySelect } from '../distribution/CategorySelect';
import {
  appendAt,
  isGroup,
  isNot,
  type LeafKind,
  labelIn,
  leafCount,
  leafKind,
  MAX_DEPTH,
  MAX_LEAVES,
  newLeaf,
  type Path,
  pathKey,
  removeAt,
  replaceAt,
  setOp,
  toggleNot,
} from './aud-format';
import { useAT } from './aud-i18n';
import {
  EVENT_TYPES,
  type EventCond,
  type Expr,
  type GroupExpr,
  TIER_KINDS,
  type TagCatalog,
} from './aud-types';

export interface EditorEnv {
  catalog: TagCatalog | undefined;
  stores: { id: string; name: string | null }[];
  audiences: { id: string; name: string; size: number }[];
  /** The server's refusals, translated, by node path (`pathKey`). */
  issues: Map<string, string[]>;
  /** What is still to be filled in, by node path. */
  hints: Map<string, string[]>;
}

interface Ctx extends EditorEnv {
  root: GroupExpr;
  onChange: (e: GroupExpr) => void;
}

const EditorContext = createContext<Ctx | null>(null);
const useEditor = () => {
  const c = useContext(EditorContext);
  if (!c) throw new Error('ExprEditor context missing');
  return c;
};

export function ExprEditor({
  value,
  onChange,
  ...env
}: EditorEnv & { value: GroupExpr; onChange: (e: GroupExpr) => void }) {
  return (
    <EditorContext.Provider value={{ ...env, root: value, onChange }}>
      <GroupNode group={value} path={[]} />
    </EditorContext.Provider>
  );
}

function useEdit() {
  const { root, onChange } = useEditor();
  return (fn: (e: Expr) => Expr) => onChange(fn(root) as GroupExpr);
}

function Issues({ paths }: { paths: Path[] }) {
  const { issues, hints } = useEditor();
  const found = [...new Set(paths.flatMap((p) => issues.get(pathKey(p)) ?? []))];
  const todo = [...new Set(paths.flatMap((p) => hints.get(pathKey(p)) ?? []))];
  if (!found.length && !todo.length) return null;
  return (
    <>
      {found.length ? (
        <Typography.Text type="danger" style={{ fontSize: 12, display: 'block' }} data-testid="cond-issue">
          {found.join(' · ')}
        </Typography.Text>
      ) : null}
      {todo.length ? (
        <Typography.Text type="warning" style={{ fontSize: 12, display: 'block' }} data-testid="cond-hint">
          {todo.join(' · ')}
        </Typography.Text>
      ) : null}
    </>
  );
}

function GroupNode({ group, path }: { group: GroupExpr; path: Path }) {
  const { at } = useAT();
  const { root, stores } = useEditor();
  const edit = useEdit();
  const full = leafCount(root) >= MAX_LEAVES;
  // A group here holds conditions two levels below this one (three with a NOT).
  const deep = path.length + 3 > MAX_DEPTH;
  const key = pathKey(path);
  const add = (child: Expr) => edit((e) => appendAt(e, path, child));
  const items = [
    { key: 'tag', label: at('builder.addTag') },
    { key: 'event', label: at('builder.addEvent') },
    { key: 'tier', label: at('builder.addTier') },
    { key: 'audience', label: at('builder.addAudience') },
    { key: 'group', label: at('builder.addGroup'), disabled: deep },
  ];
  return (
    <div data-testid={`group-${key || 'root'}`} style={{ minWidth: 0 }}>
      <Flex align="center" gap={8} wrap style={{ marginBottom: 8 }}>
        <Segmented
          size="small"
          value={group.op}
          data-testid={`op-${key || 'root'}`}
          onChange={(op) => edit((e) => setOp(e, path, op as 'and' | 'or'))}
          options={[
            { value: 'and', label: at('builder.all') },
            { value: 'or', label: at('builder.any') },
          ]}
        />
      </Flex>
      <Flex vertical gap={8}>
        {group.args.map((child, i) => (
          <Row
            // Conditions have no ids; the index is their identity while editing.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            key={i}
            node={child}
            path={[...path, i]}
            op={i > 0 ? group.op : null}
          />
        ))}
      </Flex>
      <Issues paths={[path]} />
      <Flex gap={6} wrap style={{ marginTop: 8 }}>
        {items.map((it) => (
          <Button
            key={it.key}
            size="small"
            type="dashed"
            icon={<PlusOutlined />}
            disabled={full || it.disabled}
            data-testid={`add-${it.key}-${key || 'root'}`}
            onClick={() =>
              add(newLeaf(it.key as LeafKind | 'group', stores.length === 1 ? stores[0]?.id : undefined))
            }
          >
            {it.label}
          </Button>
        ))}
        {full ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {at('builder.limits', { leaves: MAX_LEAVES, depth: MAX_DEPTH })}
          </Typography.Text>
        ) : null}
      </Flex>
    </div>
  );
}

/** One child of a group: the operator joining it to the previous one, NOT, the condition, remove. */
function Row({ node, path, op }: { node: Expr; path: Path; op: 'and' | 'or' | null }) {
  const { at } = useAT();
  const edit = useEdit();
  const negated = isNot(node);
  const inner = negated ? node.arg : node;
  const innerPath = negated ? [...path, 0] : path;
  const kind = isGroup(inner) ? 'group' : leafKind(inner);
  const opLabel = op ? (
    <Tag style={{ marginInlineEnd: 0, minWidth: 34, textAlign: 'center' }}>{at(`builder.${op}`)}</Tag>
  ) : null;
  return (
    <Flex
      gap={8}
      align="flex-start"
      data-testid={`cond-${pathKey(path)}`}
      data-kind={kind}
      data-not={negated}
    >
      <div style={{ width: 40, flexShrink: 0, paddingTop: 4 }}>{opLabel}</div>
      <div
        style={{
          flex: 1,
          minWidth: 0,
          padding: isGroup(inner) ? 12 : '6px 10px',
          border: `1px ${isGroup(inner) ? 'dashed' : 'solid'} ${negated ? '#ffa39e' : '#e5e7eb'}`,
          background: negated ? '#fff7f6' : isGroup(inner) ? '#fafbfc' : '#fff',
          borderRadius: 8,
        }}
      >
        <Flex gap={8} align="flex-start">
          <Tooltip title={at('builder.notHint')}>
            <Tag.CheckableTag
              checked={negated}
              onChange={() => edit((e) => toggleNot(e, path))}
              data-testid={`not-${pathKey(path)}`}
              style={{
                marginTop: 3,
                // Off: a faint dashed chip that reads as a switch, not a label.
                border: `1px ${negated ? 'solid' : 'dashed'}`,
                borderColor: negated ? '#ff4d4f' : '#d9d9d9',
                ...(negated ? { background: '#ff4d4f' } : { color: '#8c8c8c' }),
              }}
            >
              {at('builder.not')}
            </Tag.CheckableTag>
          </Tooltip>
          <div style={{ flex: 1, minWidth: 0 }}>
            {isGroup(inner) ? (
              <GroupNode group={inner} path={innerPath} />
            ) : (
              <Leaf node={inner} path={innerPath} />
            )}
            {isGroup(inner) ? null : <Issues paths={negated ? [path, innerPath] : [path]} />}
          </div>
          <Tooltip title={at('builder.remove')}>
            <Button
              size="small"
              type="text"
              icon={<DeleteOutlined />}
              aria-label={at('builder.remove')}
              data-testid={`remove-${pathKey(path)}`}
              onClick={() => edit((e) => removeAt(e, path))}
            />
          </Tooltip>
        </Flex>
      </div>
    </Flex>
  );
}

function Leaf({ node, path }: { node: Expr; path: Path }) {
  if ('tag' in node) return <TagLeaf value={node.tag} path={path} />;
  if ('event' in node) return <EventLeaf value={node.event} path={path} />;
  if ('tier' in node) return <TierLeaf value={node.tier} path={path} />;
  if ('audience' in node) return <AudienceLeaf value={node.audience} path={path} />;
  if ('lookalike' in node) return <LookalikeLeaf value={node.lookalike} />;
  return null;
}

function Inline({ children }: { children: ReactNode }) {
  return (
    <Flex gap={6} align="center" wrap style={{ minWidth: 0 }}>
      {children}
    </Flex>
  );
}

const Word = ({ children }: { children: ReactNode }) => (
  <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
    {children}
  </Typography.Text>
);

/** A catalog group's name in the UI language. */
export function useGroupLabel() {
  const { known, lang } = useAT();
  return useCallback(
    (g: { key: string; label?: string; labelZh?: string }) =>
      g.label ? labelIn({ label: g.label, labelZh: g.labelZh }, lang) : known('tagGroup', g.key, g.key),
    [known, lang],
  );
}

function TagLeaf({ value, path }: { value: string; path: Path }) {
  const { at, lang } = useAT();
  const groupLabel = useGroupLabel();
  const { catalog } = useEditor();
  const edit = useEdit();
  const options = useMemo(
    () =>
      (catalog?.groups ?? []).map((g) => ({
        label: groupLabel(g),
        title: g.key,
        options: g.values.map((v) => ({
          value: v.key,
          label: (
            <Flex justify="space-between" gap={12}>
              <span>{labelIn(v, lang)}</span>
              <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {formatNumber(v.users, lang)}
              </Typography.Text>
            </Flex>
          ),
          search: `${v.label} ${v.labelZh} ${v.key} ${groupLabel(g)}`.toLowerCase(),
          picked: `${groupLabel(g)}${lang === 'zh' ? '：' : ': '}${labelIn(v, lang)}`,
        })),
      })),
    [catalog, lang, groupLabel],
  );
  return (
    <Select<string>
      value={value || undefined}
      placeholder={at('builder.pickTag')}
      style={{ width: '100%', maxWidth: 420 }}
      options={options}
      optionLabelProp="picked"
      showSearch={{
        filterOption: (input, o) =>
          (o as { search?: string } | undefined)?.search?.includes(input.toLowerCase()) ?? false,
      }}
      loading={!catalog}
      popupMatchSelectWidth={360}
      data-testid={`tag-${pathKey(path)}`}
      onChange={(tag) => edit((e) => replaceAt(e, path, () => ({ tag })))}
    />
  );
}

function StoreSelect({
  value,
  onChange,
  allowClear,
  testId,
  placeholder,
}: {
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  allowClear?: boolean;
  testId: string;
  placeholder: string;
}) {
  const { stores } = useEditor();
  return (
    <Select<string>
      value={value || undefined}
      allowClear={allowClear}
      placeholder={placeholder}
      style={{ minWidth: 160, maxWidth: 240 }}
      options={stores.map((s) => ({ value: s.id, label: s.name ?? s.id }))}
      onChange={(v) => onChange(v ?? undefined)}
      data-testid={testId}
    />
  );
}

function EventLeaf({ value, path }: { value: EventCond; path: Path }) {
  const { at, lang } = useAT();
  const { catalog } = useEditor();
  const edit = useEdit();
  const set = (patch: Partial<EventCond>) =>
    edit((e) =>
      replaceAt(e, path, () => {
        const next: EventCond = { ...value, ...patch };
        for (const k of ['category', 'brand', 'store'] as const) if (!next[k]) delete next[k];
        return { event: next };
      }),
    );
  const brands = useMemo(
    () =>
      (catalog?.groups.find((g) => g.key === 'brand')?.values ?? []).map((v) => ({
        value: v.value,
        label: labelIn(v, lang),
      })),
    [catalog, lang],
  );
  const k = pathKey(path);
  const window = (
    <>
      <Word>{at('builder.inLast')}</Word>
      <InputNumber<number>
        size="middle"
        value={value.days}
        min={1}
        max={180}
        precision={0}
        style={{ width: 72 }}
        data-testid={`event-days-${k}`}
        onChange={(days) => set({ days: days ?? 0 })}
      />
      <Word>{at('builder.days')}</Word>
    </>
  );
  return (
    <Inline>
      {lang === 'zh' ? window : null}
      <Select
        value={value.type}
        style={{ width: lang === 'zh' ? 120 : 150 }}
        options={EVENT_TYPES.map((t) => ({ value: t, label: at(`event.${t}`) }))}
        onChange={(type) => set({ type })}
        data-testid={`event-type-${k}`}
      />
      <CategorySelect
        value={value.category}
        allowClear
        placeholder={at('builder.anyCategory')}
        style={{ width: 180 }}
        popupMatchSelectWidth={280}
        onChange={(category) => set({ category: category ?? undefined })}
        data-testid={`event-category-${k}`}
      />
      <Select<string>
        value={value.brand}
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={at('builder.anyBrand')}
        style={{ width: 150 }}
        options={brands}
        onChange={(brand) => set({ brand: brand ?? undefined })}
        data-testid={`event-brand-${k}`}
      />
      <StoreSelect
        value={value.store}
        allowClear
        placeholder={at('builder.anyStore')}
        testId={`event-store-${k}`}
        onChange={(store) => set({ store })}
      />
      <Word>{at('builder.atLeast')}</Word>
      <InputNumber<number>
        value={value.min}
        min={1}
        max={1000}
        precision={0}
        style={{ width: 72 }}
        data-testid={`event-min-${k}`}
        onChange={(min) => set({ min: min ?? 0 })}
      />
      <Word>{at('builder.times')}</Word>
      {lang === 'zh' ? null : window}
    </Inline>
  );
}

function TierLeaf({
  value,
  path,
}: {
  value: { store: string; tier: (typeof TIER_KINDS)[number] };
  path: Path;
}) {
  const { at } = useAT();
  const edit = useEdit();
  const k = pathKey(path);
  const set = (patch: Partial<typeof value>) =>
    edit((e) => replaceAt(e, path, () => ({ tier: { ...value, ...patch } })));
  return (
    <Inline>
      <StoreSelect
        value={value.store}
        placeholder={at('builder.pickStore')}
        testId={`tier-store-${k}`}
        onChange={(store) => set({ store: store ?? '' })}
      />
      <Select
        value={value.tier}
        style={{ width: 190 }}
        data-testid={`tier-kind-${k}`}
        options={TIER_KINDS.map((t) => ({
          value: t,
          label: (
            <Tooltip title={at(`tierHint.${t}`)} placement="right">
              <span>{at(`tier.${t}`)}</span>
            </Tooltip>
          ),
        }))}
        onChange={(tier) => set({ tier })}
      />
    </Inline>
  );
}

function AudienceLeaf({ value, path }: { value: string; path: Path }) {
  const { at, lang } = useAT();
  const { audiences } = useEditor();
  const edit = useEdit();
  return (
    <Select<string>
      value={value || undefined}
      placeholder={at('builder.pickAudience')}
      style={{ width: '100%', maxWidth: 420 }}
      showSearch={{ optionFilterProp: 'name' }}
      data-testid={`audience-${pathKey(path)}`}
      options={audiences.map((a) => ({
        value: a.id,
        name: a.name,
        label: `${a.name} (${at('common.users', { count: formatNumber(a.size, lang) })})`,
      }))}
      onChange={(audience) => edit((e) => replaceAt(e, path, () => ({ audience })))}
    />
  );
}

function LookalikeLeaf({ value }: { value: { audience: string; size: number } }) {
  const { at, lang } = useAT();
  const { audiences } = useEditor();
  const name = audiences.find((a) => a.id === value.audience)?.name ?? value.audience;
  return (
    <Typography.Text>
      {at('builder.lookalike', { name, size: formatNumber(value.size, lang) })}
    </Typography.Text>
  );
}
