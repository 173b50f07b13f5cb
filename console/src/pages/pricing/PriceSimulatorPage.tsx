// Price simulator (价格试算): build a cart as a buyer would, get the engine's quote and read why
// it came out that way — per-line price paths, what was applied and who pays for it, what was left
// out and why, and what to add to reach the next tier.
import { CalculatorOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Col, Flex, Form, Input, Row, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import type { AddOns, Quote, QuoteContext, QuoteRequest } from '../../api-types';
import { useAuth } from '../../auth/auth-context';
import { PageHeader } from '../../components/PageHeader';
import { AddOnList } from './AddOnList';
import { type CartLine, CartBuilder } from './CartBuilder';
import { MerchantSelect } from './MerchantSelect';
import { PricePath } from './PricePath';
import { prune } from './bodies';
import { QuoteSummary } from './QuoteSummary';
import { AppliedTable, UnusedTable } from './QuoteSources';

export default function PriceSimulatorPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const operator = user.role === 'operator';
  const [merchantId, setMerchantId] = useState<string | undefined>(
    operator ? undefined : (user.partyId ?? undefined),
  );
  const [lines, setLines] = useState<CartLine[]>([]);
  const [buyer, setBuyer] = useState('');
  const [context, setContext] = useState<QuoteContext>({});
  const [usePoints, setUsePoints] = useState(false);

  const request = useMemo<QuoteRequest>(
    () => ({
      lines: lines.map((l) => ({ skuId: l.skuId, quantity: l.quantity })),
      ...(operator && buyer.trim() ? { userId: buyer.trim(), ...(usePoints ? { usePoints } : {}) } : {}),
      ...(prune(context) ? { context: prune(context) } : {}),
    }),
    [lines, buyer, context, usePoints, operator],
  );

  const run = useMutation({
    mutationFn: async (req: QuoteRequest) => {
      const { usePoints: _p, ...addOnReq } = req;
      const [quote, addOns] = await Promise.all([
        api<Quote>('/v1/pricing/quote', { method: 'POST', body: req }),
        api<AddOns>('/v1/pricing/add-ons', { method: 'POST', body: addOnReq }),
      ]);
      return { quote, addOns, key: JSON.stringify(req) };
    },
    // SKUs typed by id get their list price from the quote.
    onSuccess: ({ quote }) =>
      setLines((current) =>
        current.map((l) =>
          l.price !== undefined
            ? l
            : { ...l, price: quote.lines.find((q) => q.skuId === l.skuId)?.unitPrice },
        ),
      ),
  });
  const result = run.data;
  const stale = !!result && result.key !== JSON.stringify(request);
  const titles = useMemo(() => new Map(lines.map((l) => [l.skuId, l.title])), [lines]);

  const addSku = (skuId: string, price: number) => {
    const existing = lines.find((l) => l.skuId === skuId);
    setLines(
      existing
        ? lines.map((l) => (l.skuId === skuId ? { ...l, quantity: l.quantity + 1 } : l))
        : [...lines, { skuId, quantity: 1, price }],
    );
  };

  return (
    <Flex vertical gap={16}>
      <PageHeader title={t('simulator.title')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card
            title={t('simulator.cart')}
            extra={
              operator && (
                <MerchantSelect
                  data-testid="sim-merchant"
                  placeholder={t('simulator.merchant')}
                  value={merchantId}
                  onChange={setMerchantId}
                  style={{ width: 240 }}
                />
              )
            }
            style={{ height: '100%' }}
          >
            <CartBuilder key={merchantId} merchantId={merchantId} lines={lines} onChange={setLines} />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card title={t('simulator.context')} style={{ height: '100%' }}>
            <Form layout="vertical" component="div">
              {operator ? (
                <Form.Item label={t('simulator.buyer')} extra={t('simulator.buyerHint')}>
                  <Flex gap={12} align="center">
                    <Input
                      data-testid="sim-buyer"
                      allowClear
                      placeholder={t('simulator.buyerPlaceholder')}
                      value={buyer}
                      onChange={(e) => setBuyer(e.target.value)}
                    />
                    <Checkbox
                      checked={usePoints}
                      disabled={!buyer.trim()}
                      onChange={(e) => setUsePoints(e.target.checked)}
                      style={{ whiteSpace: 'nowrap' }}
                    >
                      {t('simulator.usePoints')}
                    </Checkbox>
                  </Flex>
                </Form.Item>
              ) : (
                <Typography.Paragraph type="secondary" data-testid="sim-anonymous">
                  {t('simulator.anonymous')}
                </Typography.Paragraph>
              )}
              {(['liveSessionId', 'promoterId', 'creatorId'] as const).map((key) => (
                <Form.Item key={key} label={t(`simulator.${key}`)} style={{ marginBottom: 12 }}>
                  <Input
                    allowClear
                    placeholder={t('simulator.optional')}
                    value={context[key] ?? ''}
                    onChange={(e) => setContext({ ...context, [key]: e.target.value })}
                  />
                </Form.Item>
              ))}
            </Form>
          </Card>
        </Col>
      </Row>
      <Flex gap={12} align="center" wrap>
        <Button
          type="primary"
          size="large"
          icon={<CalculatorOutlined />}
          disabled={!lines.length}
          loading={run.isPending}
          onClick={() => run.mutate(request)}
          data-testid="sim-quote"
        >
          {t('simulator.quote')}
        </Button>
        {stale && (
          <Alert type="warning" showIcon title={t('simulator.stale')} style={{ padding: '4px 12px' }} />
        )}
      </Flex>
      {result && (
        <Flex vertical gap={16} data-testid="quote-result" style={stale ? { opacity: 0.6 } : undefined}>
          <QuoteSummary quote={result.quote} />
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <Flex vertical gap={12}>
                <Typography.Title level={5} style={{ margin: 0 }}>
                  {t('simulator.lines')}
                </Typography.Title>
                {result.quote.lines.map((l) => (
                  <PricePath key={l.lineId} line={l} title={titles.get(l.skuId)} />
                ))}
              </Flex>
            </Col>
            <Col xs={24} xl={12}>
              <Flex vertical gap={16}>
                <AppliedTable quote={result.quote} />
                <UnusedTable quote={result.quote} />
                <AddOnList suggestions={result.addOns.suggestions} loading={false} onAdd={addSku} />
              </Flex>
            </Col>
          </Row>
        </Flex>
      )}
    </Flex>
  );
}
