import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

/** Page title on the left, page-level controls on the right; wraps on narrow screens. */
export function PageHeader({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {extra && (
        <Flex align="center" wrap gap={12}>
          {extra}
        </Flex>
      )}
    </Flex>
  );
}
