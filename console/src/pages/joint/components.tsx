// Pieces several joint pages show: the campaign table, the participants table with accept / decline / remove,
// the mock store banner of a shared decoration, and the recommended partners table.
import { GiftOutlined, ShopOutlined } from '@ant-design/icons';
import {
  Button,
  Flex,
  Form,
  InputNumber,
  Modal,
  Popconfirm,
  Progress,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth/auth-context';
import { categoryName } from '../distribution/CategorySelect';
import { useCategories } from '../distribution/dist-queries';
import { formatDay, formatFen, formatInstant, formatNumber, type Lang } from '../../format';
import {
  bannerOf,
  campaignName,
  canRemove,
  fundedPercent,
  isDark,
  liftText,
  myInvitations,
  needsShare,
  organises,
  pctText,
  ruleSummary,
  scoreText,
  THEME_COLORS,
} from './joint-format';
import { useJT } from './joint-i18n';
import type { AdView, Campaign, Decoration, Participant, Partner, PartnerReason } from './joint-types';
import { Num, ParticipantTag, StatusTag, TYPE_ICONS, TypeTag, useJointAction } from './ui';

const enc = encodeURIComponent;
export const campaignPath = (id: string) => `/joint/campaigns/${enc(id)}`;

/** "2025-06-01 → 2025-06-15" */
export const period = (c: Pick<Campaign, 'startsAt' | 'endsAt'>) =>
  `${formatDay(c.startsAt)} → ${formatDay(c.endsAt)}`;

// ---- Campaign list ----

export function CampaignTable({
  items,
  total,
  loading,
  page,
  pageSize,
  onPage,
  empty,
  actions,
  expand,
  testId = 'campaign-table',
  actionsWidth = 130,
}: {
  items: Campaign[] | undefined;
  total: number;
  loading: boolean;
  page?: number;
  pageSize?: number;
  onPage?: (page: number) => void;
  empty: ReactNode;
  actions?: (c: Campaign) => ReactNode;
  expand?: (c: Campaign) => ReactNode;
  testId?: string;
  actionsWidth?: number;
}) {
  const { jt, lang, t } = useJT();
  const columns: ColumnsType<Campaign> = [
    {
      title: jt('list.name'),
      key: 'name',
      ellipsis: true,
      render: (_, c) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <Link to={campaignPath(c.id)} data-testid="campaign-link">
            <span style={{ marginInlineEnd: 6 }}>{TYPE_ICONS[c.type]}</span>
            {campaignName(c, lang)}
          </Link>
          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
            {ruleSummary(c, t, lang) || jt(`typeHints.${c.type}`)}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: jt('list.type'), key: 'type', width: 190, render: (_, c) => <TypeTag type={c.type} /> },
    {
      title: jt('list.status'),
      key: 'status',
      width: 92,
      render: (_, c) => <StatusTag status={c.status} />,
    },
    {
      title: jt('list.organiser'),
      key: 'organiser',
      width: 160,
      ellipsis: true,
      render: (_, c) => (
        <Tooltip title={c.organiser.merchantName}>
          <span>{c.organiser.storeName}</span>
        </Tooltip>
      ),
    },
    {
      title: jt('list.period'),
      key: 'period',
      width: 112,
      render: (_, c) => (
        <Flex vertical>
          <Num>{formatDay(c.startsAt)}</Num>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <Num>→ {formatDay(c.endsAt)}</Num>
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: jt('list.participants'),
      key: 'participants',
      width: 76,
      align: 'right',
      render: (_, c) => (
        <Tooltip
          title={jt('list.countsHint', {
            accepted: c.counts.accepted,
            invited: c.counts.invited,
            declined: c.counts.declined,
          })}
        >
          <span>
            <Num testId="accepted-count">{formatNumber(c.counts.accepted, lang)}</Num>
            {c.counts.invited > 0 ? (
              <Typography.Text type="secondary"> +{formatNumber(c.counts.invited, lang)}</Typography.Text>
            ) : null}
          </span>
        </Tooltip>
      ),
    },
  ];
  if (actions)
    columns.push({
      title: jt('list.actions'),
      key: 'actions',
      width: actionsWidth,
      render: (_, c) => actions(c),
    });
  return (
    <Table<Campaign>
      rowKey="id"
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={items}
      data-testid={testId}
      tableLayout="fixed"
      locale={{ emptyText: empty }}
      onRow={(c) => ({ 'data-testid': `campaign-row-${c.id}` }) as never}
      expandable={expand ? { expandedRowRender: expand } : undefined}
      pagination={
        onPage
          ? {
              current: page,
              pageSize,
              total,
              showSizeChanger: false,
              showTotal: (n) => jt('list.total', { count: n }),
              onChange: onPage,
            }
          : false
      }
    />
  );
}

// ---- Accept / decline ----

/** Accept or decline the invitations of the signed-in merchant's stores to a campaign. */
export function RespondButtons({ campaign, participant }: { campaign: Campaign; participant: Participant }) {
  const { jt, lang } = useJT();
  const [open, setOpen] = useState(false);
  const [share, setShare] = useState<number | null>(null);
  const action = useJointAction(() => setOpen(false));
  const share_ = needsShare(campaign);
  const path = `/v1/joint/campaigns/${enc(campaign.id)}/participants/${enc(participant.storeId)}`;
  const name = campaignName(campaign, lang);
  const accept = (shareBp?: number) =>
    action.mutate({
      path: `${path}/accept`,
      body: shareBp === undefined ? {} : { shareBp },
      success: () => jt('respond.accepted', { name, store: participant.storeName }),
    });
  return (
    <Flex gap={8} wrap>
      {share_ ? (
        <Button size="small" type="primary" data-testid="accept" onClick={() => setOpen(true)}>
          {jt('respond.accept')}
        </Button>
      ) : (
        <Popconfirm
          title={jt('respond.acceptConfirm', { store: participant.storeName })}
          onConfirm={() => accept()}
          okButtonProps={{ 'data-testid': 'accept-ok' } as never}
        >
          <Button size="small" type="primary" data-testid="accept" loading={action.isPending}>
            {jt('respond.accept')}
          </Button>
        </Popconfirm>
      )}
      <Popconfirm
        title={jt('respond.declineConfirm', { store: participant.storeName })}
        onConfirm={() =>
          action.mutate({
            path: `${path}/decline`,
            success: () => jt('respond.declined', { name }),
          })
        }
        okButtonProps={{ danger: true, 'data-testid': 'decline-ok' } as never}
      >
        <Button size="small" data-testid="decline">
          {jt('respond.decline')}
        </Button>
      </Popconfirm>
      <Modal
        open={open}
        title={jt('respond.shareTitle', { store: participant.storeName })}
        onCancel={() => setOpen(false)}
        okText={jt('respond.accept')}
        okButtonProps={
          { disabled: !share, loading: action.isPending, 'data-testid': 'accept-share-ok' } as never
        }
        onOk={() => accept(Math.round((share ?? 0) * 100))}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{jt('respond.shareHint')}</Typography.Paragraph>
        <Form.Item label={jt('respond.share')}>
          <InputNumber
            min={0.01}
            max={100}
            precision={2}
            suffix="%"
            value={share}
            onChange={setShare}
            data-testid="accept-share"
            style={{ width: 160 }}
          />
        </Form.Item>
      </Modal>
    </Flex>
  );
}

// ---- Participants ----

export function ParticipantsTable({ campaign }: { campaign: Campaign }) {
  const { jt } = useJT();
  const { user } = useAuth();
  const mayRemove = organises(campaign, user);
  const action = useJointAction();
  const mine = new Set(myInvitations(campaign, user.partyId).map((p) => p.storeId));
  const columns: ColumnsType<Participant> = [
    {
      title: jt('parts.store'),
      key: 'store',
      ellipsis: true,
      render: (_, p) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <span>
            <ShopOutlined style={{ marginInlineEnd: 6 }} />
            {p.storeName}
            {p.role === 'organiser' ? (
              <Tag color="purple" style={{ marginInlineStart: 8 }}>
                {jt('parts.organiser')}
              </Tag>
            ) : null}
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.merchantName}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: jt('parts.status'),
      key: 'status',
      width: 110,
      render: (_, p) => <ParticipantTag status={p.status} />,
    },
    {
      title: jt('parts.share'),
      key: 'share',
      width: 100,
      align: 'right',
      render: (_, p) => <Num>{p.shareBp === null ? '—' : `${(p.shareBp / 100).toFixed(2)}%`}</Num>,
    },
    {
      title: jt('parts.invitedAt'),
      key: 'invitedAt',
      width: 150,
      render: (_, p) => <Num>{formatInstant(p.invitedAt)}</Num>,
    },
    {
      title: jt('parts.respondedAt'),
      key: 'respondedAt',
      width: 150,
      render: (_, p) => <Num>{p.respondedAt ? formatInstant(p.respondedAt) : '—'}</Num>,
    },
    {
      title: jt('parts.note'),
      key: 'note',
      ellipsis: true,
      render: (_, p) => p.note ?? '',
    },
    {
      title: jt('list.actions'),
      key: 'actions',
      width: 170,
      render: (_, p) =>
        mine.has(p.storeId) && p.status === 'invited' ? (
          <RespondButtons campaign={campaign} participant={p} />
        ) : canRemove(campaign, p, mayRemove) ? (
          <Popconfirm
            title={jt('parts.removeConfirm', { store: p.storeName })}
            onConfirm={() =>
              action.mutate({
                path: `/v1/joint/campaigns/${enc(campaign.id)}/participants/${enc(p.storeId)}/remove`,
                success: () => jt('parts.removed', { store: p.storeName }),
              })
            }
            okButtonProps={{ danger: true, 'data-testid': 'remove-ok' } as never}
          >
            <Button size="small" danger data-testid="remove">
              {jt('parts.remove')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];
  return (
    <Table<Participant>
      rowKey="storeId"
      size="small"
      columns={columns}
      dataSource={campaign.participants}
      pagination={false}
      tableLayout="fixed"
      data-testid="participants"
      onRow={(p) => ({ 'data-testid': `part-row-${p.storeId}` }) as never}
      locale={{ emptyText: jt('parts.empty') }}
    />
  );
}

// ---- Decoration ----

/** A mock store page top: the shared banner in the campaign's colour and theme, as participants' stores show it. */
export function DecorationPreview({
  decoration,
  stores,
  lang,
}: {
  decoration: Decoration;
  stores: string[];
  lang: Lang;
}) {
  const { jt } = useJT();
  const bg = decoration.color || THEME_COLORS[decoration.theme];
  const fg = isDark(bg) ? '#fff' : '#1f1f1f';
  return (
    <div
      data-testid="decoration-preview"
      data-theme={decoration.theme}
      style={{ border: '1px solid #f0f0f0', borderRadius: 8, overflow: 'hidden', maxWidth: 720 }}
    >
      <div
        style={{
          background: `linear-gradient(120deg, ${bg} 0%, ${bg} 60%, ${THEME_COLORS[decoration.theme]} 100%)`,
          color: fg,
          padding: '20px 24px',
        }}
      >
        <Typography.Text style={{ color: fg, opacity: 0.85, fontSize: 12 }}>
          {jt(`themes.${decoration.theme}`)} · {jt('decoration.previewLabel')}
        </Typography.Text>
        <div data-testid="decoration-banner" style={{ fontSize: 22, fontWeight: 600, marginTop: 4 }}>
          {bannerOf(decoration, lang) || jt('decoration.bannerPlaceholder')}
        </div>
        {decoration.giftWrap ? (
          <Tag icon={<GiftOutlined />} color="gold" style={{ marginTop: 10 }} data-testid="gift-wrap">
            {decoration.giftWrapFee
              ? jt('decoration.giftWrapFee', { fee: formatFen(decoration.giftWrapFee, lang) })
              : jt('decoration.giftWrapFree')}
          </Tag>
        ) : null}
      </div>
      <Flex gap={12} wrap style={{ padding: 16, background: '#fafafa' }}>
        {(stores.length ? stores : [jt('decoration.yourStore')]).slice(0, 6).map((s) => (
          <Flex
            key={s}
            vertical
            align="center"
            gap={6}
            style={{
              width: 104,
              padding: 10,
              background: '#fff',
              borderRadius: 6,
              borderTop: `3px solid ${bg}`,
            }}
          >
            <ShopOutlined style={{ fontSize: 20, color: bg }} />
            <Typography.Text ellipsis style={{ fontSize: 12, maxWidth: 90 }}>
              {s}
            </Typography.Text>
          </Flex>
        ))}
      </Flex>
    </div>
  );
}

// ---- Partners ----

/** A partner reason in words: a known code with its figures, else the code and its parameters. */
export function useReasonText(): (r: PartnerReason) => string {
  const { known, lang } = useJT();
  const categories = useCategories();
  // Reasons name categories in English: read them in the UI language.
  const zhName = new Map((categories.data?.items ?? []).map((c) => [c.name, categoryName(c, lang)]));
  return (r: PartnerReason) => {
    const params = Object.fromEntries(
      Object.entries(r.params ?? {}).map(([k, v]) => [
        k,
        typeof v === 'number' && !Number.isInteger(v)
          ? Math.round(v * 100) / 100
          : typeof v === 'string' && /category/i.test(k)
            ? (zhName.get(v) ?? v)
            : v,
      ]),
    );
    const fallback = [r.code, ...Object.entries(params).map(([k, v]) => `${k}=${v}`)].join(' ');
    return known('reasons', r.code, fallback, params);
  };
}

/** The reasons worth a line beside the numbers: all but the shared-customer count, unless that is all there is. */
const telling = (reasons: PartnerReason[]) => {
  const rest = reasons.filter((r) => r.code !== 'shared_customers');
  return rest.length ? rest : reasons;
};

export function PartnerTable({
  items,
  loading,
  empty,
  action,
}: {
  items: Partner[] | undefined;
  loading: boolean;
  empty: ReactNode;
  action?: (p: Partner) => ReactNode;
}) {
  const { jt, lang } = useJT();
  const reason = useReasonText();
  const columns: ColumnsType<Partner> = [
    {
      title: '#',
      key: 'rank',
      width: 44,
      render: (_, __, i) => <Num>{i + 1}</Num>,
    },
    {
      title: jt('partners.store'),
      key: 'store',
      render: (_, p) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <span>
            <ShopOutlined style={{ marginInlineEnd: 6 }} />
            {p.storeName}
          </span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[p.merchantName, p.mainCategoryName].filter(Boolean).join(' · ')}
          </Typography.Text>
          <Typography.Text style={{ fontSize: 12 }} data-testid="partner-reason">
            {telling(p.reasons).map(reason).join('；')}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: jt('partners.score'),
      key: 'score',
      width: 64,
      align: 'right',
      render: (_, p) => <Num testId="partner-score">{scoreText(p.score)}</Num>,
    },
    {
      title: <Tooltip title={jt('partners.sharedHint')}>{jt('partners.shared')}</Tooltip>,
      key: 'shared',
      width: 92,
      align: 'right',
      render: (_, p) => <Num testId="partner-shared">{formatNumber(p.sharedCustomers, lang)}</Num>,
    },
    {
      title: <Tooltip title={jt('partners.supportHint')}>{jt('partners.support')}</Tooltip>,
      key: 'support',
      width: 84,
      align: 'right',
      render: (_, p) => <Num>{pctText(p.support)}</Num>,
    },
    {
      title: <Tooltip title={jt('partners.confidenceHint')}>{jt('partners.confidence')}</Tooltip>,
      key: 'confidence',
      width: 100,
      align: 'right',
      render: (_, p) => <Num>{pctText(p.confidence)}</Num>,
    },
    {
      title: <Tooltip title={jt('partners.liftHint')}>{jt('partners.lift')}</Tooltip>,
      key: 'lift',
      width: 68,
      align: 'right',
      render: (_, p) => <Num testId="partner-lift">{liftText(p.lift)}</Num>,
    },
    {
      title: <Tooltip title={jt('partners.overlapHint')}>{jt('partners.overlap')}</Tooltip>,
      key: 'overlap',
      width: 84,
      align: 'right',
      render: (_, p) => <Num>{pctText(p.audienceOverlap)}</Num>,
    },
    {
      title: <Tooltip title={jt('partners.complementHint')}>{jt('partners.complement')}</Tooltip>,
      key: 'complement',
      width: 116,
      align: 'right',
      render: (_, p) => <Num>{liftText(p.complementarity)}</Num>,
    },
  ];
  if (action)
    columns.push({ title: jt('list.actions'), key: 'actions', width: 104, render: (_, p) => action(p) });
  return (
    <Table<Partner>
      rowKey="storeId"
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={items}
      data-testid="partner-table"
      tableLayout="fixed"
      pagination={false}
      locale={{ emptyText: empty }}
      onRow={(p) => ({ 'data-testid': `partner-row-${p.storeId}` }) as never}
      expandable={{
        rowExpandable: (p) => p.examples.length > 0 || p.reasons.length > 0,
        expandedRowRender: (p) => (
          <Flex vertical gap={8} data-testid="partner-examples">
            {p.reasons.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {p.reasons.map((r) => (
                  <li key={r.code}>{reason(r)}</li>
                ))}
              </ul>
            ) : null}
            {p.examples.length ? (
              <>
                <Typography.Text strong>{jt('partners.examples')}</Typography.Text>
                {p.examples.map((e) => (
                  <Flex key={`${e.productA.id}-${e.productB.id}`} gap={8} align="center" wrap>
                    <Tag>{e.productA.title}</Tag>
                    <span>+</span>
                    <Tag>{e.productB.title}</Tag>
                    <Typography.Text type="secondary">
                      {jt('partners.buyers', { count: e.buyers, n: formatNumber(e.buyers, lang) })}
                    </Typography.Text>
                  </Flex>
                ))}
              </>
            ) : null}
          </Flex>
        ),
      }}
    />
  );
}

// ---- Ad crowdfunding ----

/** How far an ad is funded: a bar and raised / price / remaining. */
export function AdProgress({ ad }: { ad: AdView }) {
  const { jt, lang } = useJT();
  const pct = fundedPercent(ad);
  return (
    <Flex vertical gap={4} data-testid="ad-progress" data-raised={ad.raised} data-price={ad.price}>
      <Progress
        percent={pct}
        status={
          ad.fundingStatus === 'refunded' || ad.fundingStatus === 'cancelled'
            ? 'exception'
            : pct >= 100
              ? 'success'
              : 'active'
        }
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {jt('ads.raised', {
          raised: formatFen(ad.raised, lang),
          price: formatFen(ad.price, lang),
          remaining: formatFen(ad.remaining, lang),
        })}
      </Typography.Text>
    </Flex>
  );
}
