import { createRoot } from 'react-dom/client';
import { StrictMode } from 'react';
import { createClient } from './client/create.js';
import { useSession } from './state/session.js';
import { App } from './views/App.js';
import './styles.css';

const client = createClient();
if ('error' in client) useSession.getState().setFatal(client.error);
else useSession.getState().setClient(client);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
