// Evidence behind an opportunity in words: a sentence per known key (search_growth → "searches up 35%"), and for keys
// this console does not know yet a generic "key: value (basis)" so nothing the server says goes unshown.
import { Flex, Typography } from 'antd';
import { evidenceParams } from './an-format';
import { useAT } from './an-i18n';
import type { Evidence } from './an-types';

export function EvidenceList({ items }: { items: Evidence[] }) {
  const { known, lang } = useAT();
  if (!items.length) return null;
  return (
    <Flex vertical gap={2} data-testid="an-evidence">
      {items.map((e) => {
        const p = evidenceParams(e, lang);
        const generic = p.basis === null ? `${p.key}: ${p.value}` : `${p.key}: ${p.value} (${p.basis})`;
        const prefix = p.basis === null ? 'evidence' : 'evidenceBasis';
        return (
          <Typography.Text key={e.key} type="secondary" style={{ fontSize: 12 }} data-key={e.key}>
            · {known(prefix, e.key, known('evidence', e.key, generic, p), p)}
          </Typography.Text>
        );
      })}
    </Flex>
  );
}
