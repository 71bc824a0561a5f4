import { lazy, Suspense, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import LoginPage from '../features/auth/routes/LoginPage';
import { useAuth } from './auth-context';
import { PageLoader } from '../components/PageLoader';
import { homeFor, Shell } from './Shell';

// Everything past sign-in loads on demand, so the sign-in page's JavaScript stays small.
const ForgotPasswordPage = lazy(() => import('../features/auth/routes/ForgotPasswordPage'));
const ResetPasswordPage = lazy(() => import('../features/auth/routes/ResetPasswordPage'));
const RegisterOrganizationPage = lazy(
  () => import('../features/organizations/routes/RegisterOrganizationPage'),
);
const OrganizationsPage = lazy(() => import('../features/organizations/routes/OrganizationsPage'));
const OrganizationPage = lazy(() => import('../features/organizations/routes/OrganizationPage'));
const ParticipantsPage = lazy(() => import('../features/participants/routes/ParticipantsPage'));
const ParticipantFormPage = lazy(
  () => import('../features/participants/routes/ParticipantFormPage'),
);
const ImportParticipantsPage = lazy(
  () => import('../features/participants/routes/ImportParticipantsPage'),
);
const ProgramsPage = lazy(() => import('../features/programs/routes/ProgramsPage'));
const ProgramPage = lazy(() => import('../features/programs/routes/ProgramPage'));
const ScholarshipsPage = lazy(() => import('../features/scholarships/routes/ScholarshipsPage'));
const ScholarshipPage = lazy(() => import('../features/scholarships/routes/ScholarshipPage'));
const NotificationsPage = lazy(
  () => import('../features/notifications/routes/NotificationsPage'),
);
const CalendarPage = lazy(() => import('../features/calendar/routes/CalendarPage'));
const NotFoundPage = lazy(() => import('./NotFoundPage'));

function RequireAuth({ children }: { children: ReactNode }) {
  const { ready, signedIn } = useAuth();
  const location = useLocation();
  if (!ready) return <PageLoader />;
  if (!signedIn) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  return <>{children}</>;
}

function PublicOnly({ children }: { children: ReactNode }) {
  const { ready, signedIn, me } = useAuth();
  if (!ready) return <PageLoader />;
  if (signedIn) return <Navigate to={homeFor(me?.role)} replace />;
  return <Suspense fallback={<PageLoader />}>{children}</Suspense>;
}

function Home() {
  const { me } = useAuth();
  return <Navigate to={homeFor(me?.role)} replace />;
}

export function AppRouter() {
  return (
    <BrowserRouter>
      <Routes>
        <Route path="/login" element={<PublicOnly><LoginPage /></PublicOnly>} />
        <Route path="/register" element={<PublicOnly><RegisterOrganizationPage /></PublicOnly>} />
        <Route path="/forgot-password" element={<PublicOnly><ForgotPasswordPage /></PublicOnly>} />
        <Route path="/reset-password" element={<PublicOnly><ResetPasswordPage /></PublicOnly>} />
        <Route element={<RequireAuth><Shell /></RequireAuth>}>
          <Route index element={<Home />} />
          <Route path="organizations" element={<OrganizationsPage />} />
          <Route path="organizations/:id" element={<OrganizationPage />} />
          <Route path="participants" element={<ParticipantsPage />} />
          <Route path="participants/new" element={<ParticipantFormPage />} />
          <Route path="participants/import" element={<ImportParticipantsPage />} />
          <Route path="participants/:id/edit" element={<ParticipantFormPage />} />
          <Route path="programs" element={<ProgramsPage />} />
          <Route path="programs/:id" element={<ProgramPage />} />
          <Route path="scholarships" element={<ScholarshipsPage />} />
          <Route path="scholarships/:id" element={<ScholarshipPage />} />
          <Route path="notifications" element={<NotificationsPage />} />
          <Route path="calendar" element={<CalendarPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}
