// Every console page, in menu order. A new capability adds its pages here: one entry
// per page with the roles that may open it; entries with a labelKey also get a menu item.
// Pages load lazily so each role downloads only what it opens.
import {
  AccountBookOutlined,
  AimOutlined,
  ApartmentOutlined,
  AppstoreOutlined,
  BarChartOutlined,
  BulbOutlined,
  CalculatorOutlined,
  ClusterOutlined,
  DeploymentUnitOutlined,
  DashboardOutlined,
  DollarOutlined,
  ExperimentOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  FundProjectionScreenOutlined,
  FundOutlined,
  GiftOutlined,
  LineChartOutlined,
  LinkOutlined,
  MonitorOutlined,
  NodeIndexOutlined,
  NotificationOutlined,
  PercentageOutlined,
  PieChartOutlined,
  ProfileOutlined,
  RiseOutlined,
  ReconciliationOutlined,
  SafetyOutlined,
  SettingOutlined,
  ShopOutlined,
  ShareAltOutlined,
  ShoppingOutlined,
  SolutionOutlined,
  AuditOutlined,
  StarOutlined,
  TagOutlined,
  TagsOutlined,
  TeamOutlined,
  UsergroupAddOutlined,
  VideoCameraOutlined,
  WalletOutlined,
} from '@ant-design/icons';
import type { ParseKeys } from 'i18next';
import { lazy, type ReactNode } from 'react';
import type { Role } from './api-types';
import { anNavKey } from './pages/analytics/an-i18n';
import { audNavKey } from './pages/audiences/aud-i18n';
import { navKey } from './pages/distribution/dist-i18n';
import { jointNavKey } from './pages/joint/joint-i18n';
import { liveNavKey } from './pages/live/live-i18n';
import { marketNavKey } from './pages/market/market-i18n';
import { scoreNavKey } from './pages/scoring/score-i18n';
import { trafficNavKey } from './pages/traffic/traffic-i18n';

const OperatorOverviewPage = lazy(() => import('./pages/OperatorOverviewPage'));
const MerchantOverviewPage = lazy(() => import('./pages/MerchantOverviewPage'));
const MerchantsPage = lazy(() => import('./pages/MerchantsPage'));
const PartnerOverviewPage = lazy(() => import('./pages/PartnerOverviewPage'));
const IntegrationPage = lazy(() => import('./pages/IntegrationPage'));
const PromotionsPage = lazy(() => import('./pages/pricing/PromotionsPage'));
const CouponsPage = lazy(() => import('./pages/pricing/CouponsPage'));
const PriceSimulatorPage = lazy(() => import('./pages/pricing/PriceSimulatorPage'));
// Distribution, commissions and the ledger.
const SelectionPage = lazy(() => import('./pages/distribution/SelectionPage'));
const LinksPage = lazy(() => import('./pages/distribution/LinksPage'));
const PlansPage = lazy(() => import('./pages/distribution/PlansPage'));
const CommissionOrdersPage = lazy(() => import('./pages/commissions/OrdersPage'));
const EarningsPage = lazy(() => import('./pages/commissions/EarningsPage'));
const StatementsPage = lazy(() => import('./pages/commissions/StatementsPage'));
const CostPage = lazy(() => import('./pages/commissions/CostPage'));
const FeePoliciesPage = lazy(() => import('./pages/commissions/FeePoliciesPage'));
const ReviewPage = lazy(() => import('./pages/commissions/ReviewPage'));
const SettlementPage = lazy(() => import('./pages/commissions/SettlementPage'));
const ReconciliationPage = lazy(() => import('./pages/ledger/ReconciliationPage'));
const AccountsPage = lazy(() => import('./pages/ledger/AccountsPage'));
// Operating scores: store experience, product and creator word-of-mouth.
const OperatorScoresPage = lazy(() => import('./pages/scoring/OperatorScoresPage'));
const MerchantScoresPage = lazy(() => import('./pages/scoring/MerchantScoresPage'));
const CreatorScorePage = lazy(() => import('./pages/scoring/CreatorScorePage'));
// Traffic: growth programs, the traffic overview, ranking settings and a merchant's traffic.
const TrafficOverviewPage = lazy(() => import('./pages/traffic/OverviewPage'));
const TrafficProgramsPage = lazy(() => import('./pages/traffic/ProgramsPage'));
const TrafficProgramPage = lazy(() => import('./pages/traffic/ProgramDetailPage'));
const TrafficSettingsPage = lazy(() => import('./pages/traffic/SettingsPage'));
const MyTrafficPage = lazy(() => import('./pages/traffic/MyTrafficPage'));
// Creator marketplace: sample requests, proxy-streaming jobs, recommended creators and products.
const SamplesPage = lazy(() => import('./pages/market/SamplesPage'));
const ProxyJobsPage = lazy(() => import('./pages/market/ProxyJobsPage'));
const ProxyJobPage = lazy(() => import('./pages/market/JobDetailPage'));
const CreatorRecsPage = lazy(() => import('./pages/market/CreatorRecsPage'));
const ProductRecsPage = lazy(() => import('./pages/market/ProductRecsPage'));
// Live: sessions (every role, scoped by the API), a session's metrics, the merchant's dashboard, penetration.
const LiveSessionsPage = lazy(() => import('./pages/live/SessionsPage'));
const LiveSessionPage = lazy(() => import('./pages/live/SessionDetailPage'));
const LiveDashboardPage = lazy(() => import('./pages/live/DashboardPage'));
const LivePenetrationPage = lazy(() => import('./pages/live/PenetrationPage'));
// Audiences: saved audiences, the builder, an audience's insight and activations, visitors, the tag catalog.
const AudiencesPage = lazy(() => import('./pages/audiences/AudiencesPage'));
const AudienceBuilderPage = lazy(() => import('./pages/audiences/BuilderPage'));
const AudiencePage = lazy(() => import('./pages/audiences/AudienceDetailPage'));
const VisitorsPage = lazy(() => import('./pages/audiences/VisitorsPage'));
const TagCatalogPage = lazy(() => import('./pages/audiences/TagCatalogPage'));
// Joint marketing: merchants' campaigns, create, detail, partners and ad crowdfunding; operators' oversight,
// ad whitelist and partner statistics.
const JointCampaignsPage = lazy(() => import('./pages/joint/CampaignsPage'));
const JointCreatePage = lazy(() => import('./pages/joint/CreateCampaignPage'));
const JointCampaignPage = lazy(() => import('./pages/joint/CampaignDetailPage'));
const JointPartnersPage = lazy(() => import('./pages/joint/PartnersPage'));
const JointAdsPage = lazy(() => import('./pages/joint/AdsPage'));
const JointOversightPage = lazy(() => import('./pages/joint/OversightPage'));
const JointWhitelistPage = lazy(() => import('./pages/joint/WhitelistPage'));
const JointPartnerStatsPage = lazy(() => import('./pages/joint/PartnerStatsPage'));
// Analytics: business analytics with real-time figures, all-domain, marketing effect, forecasts, the opportunity
// center; the operator's marketplace health and daily reports.
const AnBusinessPage = lazy(() => import('./pages/analytics/BusinessPage'));
const AnAllDomainPage = lazy(() => import('./pages/analytics/AllDomainPage'));
const AnMeasurementPage = lazy(() => import('./pages/analytics/MeasurementPage'));
const AnForecastPage = lazy(() => import('./pages/analytics/ForecastPage'));
const AnOpportunitiesPage = lazy(() => import('./pages/analytics/OpportunitiesPage'));
const AnHealthPage = lazy(() => import('./pages/analytics/HealthPage'));
const AnReportsPage = lazy(() => import('./pages/analytics/ReportsPage'));

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
  // ---- Distribution, commissions and the ledger ----
  {
    path: '/distribution/plans',
    labelKey: navKey('plans'),
    icon: <ClusterOutlined />,
    roles: ['operator', 'merchant'],
    element: <PlansPage />,
  },
  {
    path: '/commissions/cost',
    labelKey: navKey('cost'),
    icon: <BarChartOutlined />,
    roles: ['operator', 'merchant'],
    element: <CostPage />,
  },
  {
    path: '/distribution/products',
    labelKey: navKey('selection'),
    icon: <AppstoreOutlined />,
    roles: ['creator', 'agency', 'promoter'],
    element: <SelectionPage />,
  },
  {
    // Agencies promote through their creators: links are the creators' and promoters'.
    path: '/distribution/links',
    labelKey: navKey('links'),
    icon: <LinkOutlined />,
    roles: ['creator', 'promoter'],
    element: <LinksPage />,
  },
  {
    path: '/commissions/orders',
    labelKey: navKey('orders'),
    icon: <ProfileOutlined />,
    roles: ['creator', 'agency', 'promoter'],
    element: <CommissionOrdersPage />,
  },
  {
    path: '/commissions/earnings',
    labelKey: navKey('earnings'),
    icon: <WalletOutlined />,
    roles: ['creator', 'agency', 'promoter'],
    element: <EarningsPage />,
  },
  {
    path: '/commissions/statements',
    labelKey: navKey('statements'),
    icon: <FileTextOutlined />,
    roles: ['merchant', 'creator', 'agency', 'promoter'],
    element: <StatementsPage />,
  },
  {
    path: '/commissions/fee-policies',
    labelKey: navKey('feePolicies'),
    icon: <SettingOutlined />,
    roles: ['operator'],
    element: <FeePoliciesPage />,
  },
  {
    path: '/commissions/review',
    labelKey: navKey('review'),
    icon: <SafetyOutlined />,
    roles: ['operator'],
    element: <ReviewPage />,
  },
  {
    path: '/commissions/settlement',
    labelKey: navKey('settlement'),
    icon: <DollarOutlined />,
    roles: ['operator'],
    element: <SettlementPage />,
  },
  {
    path: '/ledger/reconciliation',
    labelKey: navKey('reconciliation'),
    icon: <ReconciliationOutlined />,
    roles: ['operator'],
    element: <ReconciliationPage />,
  },
  {
    path: '/ledger/accounts',
    labelKey: navKey('accounts'),
    icon: <AccountBookOutlined />,
    roles: ['operator', 'merchant', 'creator', 'agency', 'promoter'],
    element: <AccountsPage />,
  },
  // ---- Operating scores ----
  {
    path: '/scores',
    labelKey: scoreNavKey('scores'),
    icon: <StarOutlined />,
    roles: ['operator'],
    element: <OperatorScoresPage />,
  },
  {
    path: '/scores',
    labelKey: scoreNavKey('scores'),
    icon: <StarOutlined />,
    roles: ['merchant'],
    element: <MerchantScoresPage />,
  },
  {
    path: '/scores',
    labelKey: scoreNavKey('creatorScore'),
    icon: <StarOutlined />,
    roles: ['creator'],
    element: <CreatorScorePage />,
  },
  // ---- Traffic ----
  {
    path: '/traffic',
    labelKey: trafficNavKey('overview'),
    icon: <FundOutlined />,
    roles: ['operator'],
    element: <TrafficOverviewPage />,
  },
  {
    path: '/traffic/programs',
    labelKey: trafficNavKey('programs'),
    icon: <RiseOutlined />,
    roles: ['operator'],
    element: <TrafficProgramsPage />,
  },
  {
    path: '/traffic/programs/:id',
    roles: ['operator'],
    element: <TrafficProgramPage />,
  },
  {
    path: '/traffic/settings',
    labelKey: trafficNavKey('settings'),
    icon: <ExperimentOutlined />,
    roles: ['operator'],
    element: <TrafficSettingsPage />,
  },
  {
    path: '/traffic',
    labelKey: trafficNavKey('mine'),
    icon: <FundOutlined />,
    roles: ['merchant'],
    element: <MyTrafficPage />,
  },
  // ---- Live ----
  {
    path: '/live',
    labelKey: liveNavKey('dashboard'),
    icon: <VideoCameraOutlined />,
    roles: ['merchant'],
    element: <LiveDashboardPage />,
  },
  {
    path: '/live/penetration',
    labelKey: liveNavKey('penetration'),
    icon: <AimOutlined />,
    roles: ['operator'],
    element: <LivePenetrationPage />,
  },
  {
    path: '/live/sessions',
    labelKey: liveNavKey('sessions'),
    icon: <VideoCameraOutlined />,
    roles: ['operator', 'merchant'],
    element: <LiveSessionsPage />,
  },
  {
    path: '/live/sessions',
    labelKey: liveNavKey('mine'),
    icon: <VideoCameraOutlined />,
    roles: ['creator', 'agency'],
    element: <LiveSessionsPage />,
  },
  {
    path: '/live/sessions/:id',
    roles: ['operator', 'merchant', 'creator', 'agency'],
    element: <LiveSessionPage />,
  },
  // ---- Creator marketplace ----
  {
    path: '/samples',
    labelKey: marketNavKey('samples'),
    icon: <GiftOutlined />,
    roles: ['operator', 'merchant', 'creator'],
    element: <SamplesPage />,
  },
  {
    path: '/proxy-jobs',
    labelKey: marketNavKey('proxyJobs'),
    icon: <SolutionOutlined />,
    roles: ['operator', 'merchant', 'creator', 'agency'],
    element: <ProxyJobsPage />,
  },
  {
    path: '/proxy-jobs/:id',
    roles: ['operator', 'merchant', 'creator', 'agency'],
    element: <ProxyJobPage />,
  },
  {
    path: '/live/creators',
    labelKey: marketNavKey('creators'),
    icon: <TeamOutlined />,
    roles: ['merchant'],
    element: <CreatorRecsPage />,
  },
  {
    path: '/live/products',
    labelKey: marketNavKey('products'),
    icon: <ShoppingOutlined />,
    roles: ['creator'],
    element: <ProductRecsPage />,
  },
  // ---- Audiences ----
  {
    path: '/audiences',
    labelKey: audNavKey('audiences'),
    icon: <UsergroupAddOutlined />,
    roles: ['merchant'],
    element: <AudiencesPage />,
  },
  { path: '/audiences/new', roles: ['merchant'], element: <AudienceBuilderPage /> },
  { path: '/audiences/:id', roles: ['merchant'], element: <AudiencePage /> },
  { path: '/audiences/:id/edit', roles: ['merchant'], element: <AudienceBuilderPage /> },
  {
    path: '/visitors',
    labelKey: audNavKey('visitors'),
    icon: <PieChartOutlined />,
    roles: ['merchant'],
    element: <VisitorsPage />,
  },
  {
    path: '/tag-catalog',
    labelKey: audNavKey('catalog'),
    icon: <TagOutlined />,
    roles: ['operator'],
    element: <TagCatalogPage />,
  },
  // ---- Joint marketing ----
  {
    path: '/joint',
    labelKey: jointNavKey('campaigns'),
    icon: <ApartmentOutlined />,
    roles: ['merchant'],
    element: <JointCampaignsPage />,
  },
  { path: '/joint/new', roles: ['merchant'], element: <JointCreatePage /> },
  {
    path: '/joint/partners',
    labelKey: jointNavKey('partners'),
    icon: <ShareAltOutlined />,
    roles: ['merchant'],
    element: <JointPartnersPage />,
  },
  {
    path: '/joint/ads',
    labelKey: jointNavKey('ads'),
    icon: <NotificationOutlined />,
    roles: ['merchant'],
    element: <JointAdsPage />,
  },
  {
    path: '/joint',
    labelKey: jointNavKey('oversight'),
    icon: <ApartmentOutlined />,
    roles: ['operator'],
    element: <JointOversightPage />,
  },
  {
    path: '/joint/whitelist',
    labelKey: jointNavKey('whitelist'),
    icon: <AuditOutlined />,
    roles: ['operator'],
    element: <JointWhitelistPage />,
  },
  {
    path: '/joint/partner-stats',
    labelKey: jointNavKey('stats'),
    icon: <DeploymentUnitOutlined />,
    roles: ['operator'],
    element: <JointPartnerStatsPage />,
  },
  { path: '/joint/campaigns/:id', roles: ['operator', 'merchant'], element: <JointCampaignPage /> },
  // ---- Analytics ----
  {
    path: '/analytics/health',
    labelKey: anNavKey('health'),
    icon: <MonitorOutlined />,
    roles: ['operator'],
    element: <AnHealthPage />,
  },
  {
    path: '/analytics',
    labelKey: anNavKey('business'),
    icon: <LineChartOutlined />,
    roles: ['operator', 'merchant'],
    element: <AnBusinessPage />,
  },
  {
    path: '/analytics/all-domain',
    labelKey: anNavKey('allDomain'),
    icon: <NodeIndexOutlined />,
    roles: ['operator', 'merchant'],
    element: <AnAllDomainPage />,
  },
  {
    path: '/analytics/measurement',
    labelKey: anNavKey('measurement'),
    icon: <ExperimentOutlined />,
    roles: ['operator', 'merchant'],
    element: <AnMeasurementPage />,
  },
  {
    path: '/analytics/forecast',
    labelKey: anNavKey('forecast'),
    icon: <FundProjectionScreenOutlined />,
    roles: ['operator', 'merchant', 'creator'],
    element: <AnForecastPage />,
  },
  {
    path: '/analytics/opportunities',
    labelKey: anNavKey('opportunities'),
    icon: <BulbOutlined />,
    roles: ['operator', 'merchant'],
    element: <AnOpportunitiesPage />,
  },
  {
    path: '/analytics/reports',
    labelKey: anNavKey('reports'),
    icon: <FileDoneOutlined />,
    roles: ['operator', 'merchant'],
    element: <AnReportsPage />,
  },
  {
    // Merchants may open it too (their own id works); the API refuses other merchants.
    path: '/merchants/:id',
    roles: ['operator', 'merchant'],
    element: <MerchantOverviewPage />,
  },
];

export const routesFor = (role: Role): ConsoleRoute[] => routes.filter((r) => r.roles.includes(role));
