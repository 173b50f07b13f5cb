// Evidence behind an opportunity in words: a sentence per known key (search_growth → "searches up 35%"), and for keys
// this console does not know yet a generic "key: value (basis)" so nothing the server says goes unshown.
import { Flex, Typography } from 'antd';
import { formatFen } from '../../format';
import { evidenceParams, splitPriceBand } from './an-format';
import { useAT } from './an-i18n';
import type { Evidence } from './an-types';

export function EvidenceList({ items }: { items: Evidence[] }) {
  const { at, known, lang } = useAT();
  if (!items.length) return null;
  const { band, rest } = splitPriceBand(items);
  return (
    <Flex vertical gap={2} data-testid="an-evidence">
      {band ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-key="price_band">
          ·{' '}
          {band.max === null
            ? at('evidenceBand.from', { min: formatFen(band.min, lang) })
            : at('evidenceBand.range', { min: formatFen(band.min, lang), max: formatFen(band.max, lang) })}
        </Typography.Text>
      ) : null}
      {rest.map((e) => {
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
