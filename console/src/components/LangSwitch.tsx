import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';

/** One button that flips between English and Chinese; labelled in the other language. */
export function LangSwitch({ iconOnly = false }: { iconOnly?: boolean }) {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'zh' ? 'en' : 'zh';
  return (
    <Button
      data-testid="lang-switch"
      type="text"
      icon={<GlobalOutlined />}
      title={t('header.switchLanguageTitle')}
      lang={next === 'zh' ? 'zh-CN' : 'en'}
      onClick={() => void i18n.changeLanguage(next)}
    >
      {!iconOnly && t('header.switchLanguage')}
    </Button>
  );
}
