import { App } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { setErrorReporter } from '../api';

/** Shows API errors as antd messages; must sit inside antd's <App> to get its context. */
export function ErrorReporter() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  useEffect(() => {
    setErrorReporter((error) => {
      const text = error.status === 0 ? t('errors.network') : (error.detail ?? error.title);
      // Keyed by text: the same failure from several queries shows once.
      void message.error({ content: text, key: text });
    });
  }, [message, t]);
  return null;
}
