import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MerchantType } from '../api-types';

export function MerchantTypeTag({ type }: { type: MerchantType }) {
  const { t } = useTranslation();
  return <Tag color={type === 'self' ? 'blue' : 'default'}>{t(`merchantType.${type}`)}</Tag>;
}
