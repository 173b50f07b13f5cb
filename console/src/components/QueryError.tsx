// The in-page state for a failed load: forbidden and not-found get their own
// wording so a cross-tenant read reads as "not allowed", not as a crash.
import { Button, Result, Skeleton } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { ApiError } from '../api';

interface QueryErrorProps {
  error: unknown;
  onRetry?: () => void;
}

export function QueryError(props: QueryErrorProps) {
  const status = props.error instanceof ApiError ? props.error.status : 0;
  // Result does not pass data-* through; the wrapper carries what tests look for.
  return (
    <div data-testid="query-error" data-status={status}>
      <ErrorResult {...props} />
    </div>
  );
}

function ErrorResult({ error, onRetry }: QueryErrorProps) {
  const { t } = useTranslation();
  const status = error instanceof ApiError ? error.status : 0;
  const detail = error instanceof ApiError ? (error.detail ?? error.title) : undefined;
  const home = (
    <Link key="home" to="/">
      <Button>{t('errors.home')}</Button>
    </Link>
  );

  if (status === 403) {
    return (
      <Result
        status="403"
        title={t('errors.forbiddenTitle')}
        subTitle={t('errors.forbiddenBody')}
        extra={home}
      />
    );
  }
  if (status === 404) {
    return (
      <Result
        status="404"
        title={t('errors.notFoundTitle')}
        subTitle={detail ?? t('errors.notFoundBody')}
        extra={home}
      />
    );
  }
  return (
    <Result
      status="error"
      title={t('errors.genericTitle')}
      subTitle={status === 0 ? t('errors.network') : detail}
      extra={[
        onRetry && (
          <Button key="retry" type="primary" onClick={onRetry}>
            {t('errors.retry')}
          </Button>
        ),
        home,
      ]}
    />
  );
}

/** A page's body while its data is not there: the error with a retry, or a skeleton while it loads. */
export function Pending({ error, onRetry }: QueryErrorProps) {
  return error ? (
    <QueryError error={error} onRetry={onRetry} />
  ) : (
    <Skeleton active paragraph={{ rows: 12 }} />
  );
}
