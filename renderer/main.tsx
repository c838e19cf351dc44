import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppShell } from './app/AppShell';
import { WorkbenchDataProvider } from './app/WorkbenchData';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WorkbenchDataProvider>
      <AppShell />
    </WorkbenchDataProvider>
  </StrictMode>,
);
