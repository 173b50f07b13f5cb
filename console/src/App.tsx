// Providers, outermost first: antd (theme, locale following the UI language),
// antd's App (message context), TanStack Query, the router, then the auth gate.
import { QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { BrowserRouter } from 'react-router-dom';
import { AuthGate } from './auth/AuthGate';
import { ErrorReporter } from './components/ErrorReporter';
import { queryClient } from './query-client';

export function App() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'zh' ? zhCN : enUS}>
      <AntApp>
        <ErrorReporter />
        <QueryClientProvider client={queryClient}>
          <BrowserRouter>
            <AuthGate />
          </BrowserRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
