// One score's explanation in a drawer, opened from a ranked list.
import { Drawer } from 'antd';
import { ScoreExplanation } from './ScoreExplanation';
import { useST } from './score-i18n';
import type { ScoreKind } from './score-types';

export interface ScoreTarget {
  kind: ScoreKind;
  id: string;
  name: string | null;
}

export function ScoreDrawer({ target, onClose }: { target: ScoreTarget | null; onClose: () => void }) {
  const { st } = useST();
  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size={1040}
      destroyOnHidden
      title={target ? `${target.name ?? target.id} · ${st(`kind.${target.kind}`)} ${target.id}` : ''}
      data-testid="score-drawer"
    >
      {target && <ScoreExplanation kind={target.kind} id={target.id} compact />}
    </Drawer>
  );
}
