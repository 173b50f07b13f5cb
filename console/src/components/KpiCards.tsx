// A responsive row of headline numbers. Values arrive formatted; `full` is the
// exact figure shown on hover when the card shows a compact one (¥12.3万).
import { Card, Statistic, Tooltip } from 'antd';
import type { ReactNode } from 'react';

export interface Kpi {
  key: string;
  label: ReactNode;
  value: string;
  full?: string;
}

// A CSS grid rather than Row/Col: 4 or 5 cards fill one row on wide screens
// and wrap evenly on narrow ones without per-count span arithmetic.
const gridStyle = {
  display: 'grid',
  gridTemplateColumns: 'repeat(auto-fit, minmax(190px, 1fr))',
  gap: 16,
} as const;

export function KpiCards({ items }: { items: Kpi[] }) {
  return (
    <div style={gridStyle}>
      {items.map((kpi) => (
        <Card key={kpi.key} data-testid={`kpi-${kpi.key}`}>
          <Tooltip title={kpi.full && kpi.full !== kpi.value ? kpi.full : undefined}>
            <div>
              <Statistic title={kpi.label} value={kpi.value} />
            </div>
          </Tooltip>
        </Card>
      ))}
    </div>
  );
}
