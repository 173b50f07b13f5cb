import { Flex, Typography } from 'antd';

/** Wordmark at the top of the dark side menu; the mark alone when collapsed. */
export function Logo({ compact = false }: { compact?: boolean }) {
  return (
    <Flex
      align="center"
      gap={10}
      justify={compact ? 'center' : 'flex-start'}
      style={{ height: 64, paddingInline: compact ? 0 : 24, overflow: 'hidden' }}
    >
      <svg
        width="24"
        height="24"
        viewBox="0 0 32 32"
        role="img"
        aria-label="Tributary"
        style={{ flex: 'none' }}
      >
        <path
          d="M4 26c6-2 8-8 12-12s8-6 12-6"
          stroke="#4096ff"
          strokeWidth="4"
          fill="none"
          strokeLinecap="round"
        />
        <path d="M4 18c4-1 6-4 9-7" stroke="#91caff" strokeWidth="3" fill="none" strokeLinecap="round" />
      </svg>
      {!compact && (
        <Typography.Text strong style={{ color: '#fff', fontSize: 17, whiteSpace: 'nowrap' }}>
          Tributary
        </Typography.Text>
      )}
    </Flex>
  );
}
