// A row of tiny bars, one per dimension (0–100%), for tables: the tooltip names each with its share.
import { Flex, Tooltip, theme } from 'antd';
import type { Dims, ScoreKind } from './score-types';
import { pct } from './score-format';
import { useST } from './score-i18n';

const HEIGHT = 22;

/** Green when good, amber in between, red when poor. */
const colorOf = (v: number) => (v >= 0.8 ? '#52c41a' : v >= 0.6 ? '#faad14' : '#ff4d4f');

export function DimBars({ kind, dims }: { kind: ScoreKind; dims: Dims }) {
  const { known, st } = useST();
  const { token } = theme.useToken();
  const entries = Object.entries(dims);
  const label = (d: string) => known(`dimension.${kind}`, d);
  return (
    <Tooltip
      title={
        <div>
          {entries.map(([d, v]) => (
            <div key={d}>
              {label(d)}: {v === null ? st('metrics.noData') : `${pct(v)}%`}
            </div>
          ))}
        </div>
      }
    >
      <Flex gap={3} align="flex-end" style={{ height: HEIGHT }} data-testid="dim-bars">
        {entries.map(([d, v]) => (
          <div
            key={d}
            style={{
              width: 8,
              height: HEIGHT,
              background: token.colorFillSecondary,
              borderRadius: 2,
              display: 'flex',
              alignItems: 'flex-end',
            }}
          >
            {v !== null && (
              <div
                style={{
                  width: '100%',
                  height: Math.max(2, Math.round(v * HEIGHT)),
                  background: colorOf(v),
                  borderRadius: 2,
                }}
              />
            )}
          </div>
        ))}
      </Flex>
    </Tooltip>
  );
}
