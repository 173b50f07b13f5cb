// Every console page, in menu order. A new capability adds its pages here: one entry
// per page with the roles that may open it; entries with a labelKey also get a menu item.
// Pages load lazily so each role downloads only what it opens.
import {
  CalculatorOutlined,
  DashboardOutlined,
  PercentageOutlined,
  ShopOutlined,
  TagsOutlined,
} from '@ant-design/icons';
import type { ParseKeys } from 'i18next';
import { lazy, type ReactNode } from 'react';
import type { Role } from './api-types';

const OperatorOverviewPage = lazy(() => import('./pages/OperatorOverviewPage'));
const MerchantOverviewPage = lazy(() => import('./pages/MerchantOverviewPage'));
const MerchantsPage = lazy(() => import('./pages/MerchantsPage'));
const PartnerOverviewPage = lazy(() => import('./pages/PartnerOverviewPage'));
const IntegrationPage = lazy(() => import('./pages/IntegrationPage'));
const PromotionsPage = lazy(() => import('./pages/pricing/PromotionsPage'));
const CouponsPage = lazy(() => import('./pages/pricing/CouponsPage'));
const PriceSimulatorPage = lazy(() => import('./pages/pricing/PriceSimulatorPage'));

export interface ConsoleRoute {
  /** react-router path; the same path may appear once per role with different pages. */
  path: string;
  /** Menu label; routes without one are reachable by link only. */
  labelKey?: ParseKeys;
  icon?: ReactNode;
  roles: readonly Role[];
  element: ReactNode;
}

export const routes: readonly ConsoleRoute[] = [
  {
    path: '/',
    labelKey: 'nav.overview',
    icon: <DashboardOutlined />,
    roles: ['operator'],
    element: <OperatorOverviewPage />,
  },
  {
    path: '/',
    labelKey: 'nav.overview',
    icon: <DashboardOutlined />,
    roles: ['merchant'],
    element: <MerchantOverviewPage />,
  },
  {
    path: '/',
    labelKey: 'nav.overview',
    icon: <DashboardOutlined />,
    roles: ['creator', 'agency', 'promoter'],
    element: <PartnerOverviewPage />,
  },
  {
    path: '/',
    labelKey: 'nav.overview',
    icon: <DashboardOutlined />,
    roles: ['integration'],
    element: <IntegrationPage />,
  },
  {
    path: '/merchants',
    labelKey: 'nav.merchants',
    icon: <ShopOutlined />,
    roles: ['operator'],
    element: <MerchantsPage />,
  },
  {
    path: '/promotions',
    labelKey: 'nav.promotions',
    icon: <PercentageOutlined />,
    roles: ['operator', 'merchant'],
    element: <PromotionsPage />,
  },
  {
    path: '/coupons',
    labelKey: 'nav.coupons',
    icon: <TagsOutlined />,
    roles: ['operator', 'merchant'],
    element: <CouponsPage />,
  },
  {
    path: '/pricing/simulator',
    labelKey: 'nav.simulator',
    icon: <CalculatorOutlined />,
    roles: ['operator', 'merchant'],
    element: <PriceSimulatorPage />,
  },
  {
    // Merchants may open it too (their own id works); the API refuses other merchants.
    path: '/merchants/:id',
    roles: ['operator', 'merchant'],
    element: <MerchantOverviewPage />,
  },
];

export const routesFor = (role: Role): ConsoleRoute[] => routes.filter((r) => r.roles.includes(role));
