// 营销效果 (merchants; operators pick a merchant): what each marketing instrument cost
// against the GMV it touched, what the holdout experiments say an activation really added, and how orders are
// credited to sources by last touch and by position.
import { Flex, Typography } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { useAT } from './an-i18n';
import type { RoiKind } from './an-types';
import { AttributionCard } from './AttributionCard';
import { ExperimentsCard } from './ExperimentsCard';
import { RoiCard } from './RoiCard';
import { MerchantPicker, PickMerchantFirst, RangeBar, useScope } from './ui';

export default function MeasurementPage() {
  const { at } = useAT();
  const scope = useScope(30);
  const [params, setParams] = useSearchParams();
  const q = { merchantId: scope.merchantId, from: scope.from, to: scope.to };
  const set = (key: string, value: string | undefined) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={at('measure.title')}
        extra={
          <>
            <MerchantPicker scope={scope} />
            <RangeBar scope={scope} />
          </>
        }
      />
      <Typography.Text type="secondary" style={{ marginTop: -12 }}>
        {at('measure.subtitle')}
      </Typography.Text>
      {!scope.merchantId ? (
        <PickMerchantFirst />
      ) : (
        <>
          <RoiCard
            q={q}
            kind={(params.get('kind') as RoiKind | null) ?? undefined}
            onKind={(k) => set('kind', k)}
          />
          <ExperimentsCard
            merchantId={scope.merchantId}
            open={params.get('experiment') ?? undefined}
            onOpen={(id) => set('experiment', id)}
          />
          <AttributionCard q={q} />
        </>
      )}
    </Flex>
  );
}
