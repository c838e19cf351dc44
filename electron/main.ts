import { app, BrowserWindow, dialog, ipcMain, Menu, net, protocol, session, shell, utilityProcess, type UtilityProcess } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BackendMessage, Envelope } from '../core/host/backend-protocol';
import { mediaFileForUrlPath } from '../core/media/media-file';
import { globalOptionArgs, parseGlobalOptions, type WorkbenchConfig } from '../core/runtime/config';

// The shell stays thin: it opens one secure window, forks the backend, and relays messages both ways.

const MEDIA_SCHEME = 'relwb-media';
const MEDIA_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

protocol.registerSchemesAsPrivileged([{ scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true } }]);

function startBackend(config: Pick<WorkbenchConfig, 'dataDir' | 'device'>) {
  const { dataDir } = config;
  // The backend reads the same global options (--data-dir, --device, RELWB_*) with the same parser.
  const backend: UtilityProcess = utilityProcess.fork(path.join(__dirname, 'backend.js'), globalOptionArgs(config), {
    serviceName: 'Relevance Workbench backend',
  });
  const pending = new Map<number, (reply: Envelope) => void>();
  let nextId = 1;
  let mediaDir = path.join(dataDir, 'media');
  backend.on('message', (message: BackendMessage) => {
    if (message.type === 'reply') {
      pending.get(message.id)?.(message);
      pending.delete(message.id);
    } else if (message.type === 'event') {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.send('relwb:event', message.event);
    } else mediaDir = message.mediaDir;
  });
  backend.on('exit', (code) => {
    for (const resolve of pending.values()) resolve({ error: { code: 'INTERNAL', message: `backend exited (${code})` } });
    pending.clear();
  });
  return {
    call: (method: string, args: unknown) =>
      new Promise<Envelope>((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        backend.postMessage({ id, method, args });
      }),
    mediaDir: () => mediaDir,
    stop: () => backend.kill(),
  };
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1320,
    height: 880,
    title: 'Relevance Workbench',
    backgroundColor: '#f6f5f2',
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  const appUrl = process.env.ELECTRON_RENDERER_URL;
  if (appUrl) void window.loadURL(appUrl);
  else void window.loadFile(path.join(__dirname, '../renderer/index.html'));
  // No navigation away from the app and no new windows: links to the web open in the user's browser.
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== window.webContents.getURL()) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  return window;
}

function buildMenu(): void {
  const isMac = process.platform === 'darwin';
  Menu.setApplicationMenu(
    Menu.buildFromTemplate([
      ...(isMac ? [{ role: 'appMenu' as const }] : []),
      { role: 'fileMenu' },
      { role: 'editMenu' },
      { role: 'viewMenu' },
      { role: 'windowMenu' },
      { role: 'help', submenu: [{ label: 'About Relevance Workbench', click: () => app.showAboutPanel() }] },
    ]),
  );
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(() => {
    const backend = startBackend(parseGlobalOptions(process.argv.slice(1)));
    ipcMain.handle('relwb:invoke', (_event, method: string, args: unknown) => backend.call(method, args));
    ipcMain.handle('relwb:pick-path', async (event, kind: unknown) => {
      const window = BrowserWindow.fromWebContents(event.sender);
      const options = { properties: [kind === 'folder' ? ('openDirectory' as const) : ('openFile' as const)] };
      const picked = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return picked.canceled ? null : (picked.filePaths[0] ?? null);
    });
    protocol.handle(MEDIA_SCHEME, async (request) => {
      // As in web mode: only a regular image file whose real path is inside the media folder, typed by that file.
      const media = mediaFileForUrlPath(backend.mediaDir(), new URL(request.url).pathname);
      if (!media) return new Response('not found', { status: 404 });
      const { file, contentType } = media;
      const response = await net.fetch(pathToFileURL(file).toString());
      const headers = new Headers(response.headers);
      headers.set('content-type', contentType);
      headers.set('content-security-policy', MEDIA_CSP);
      headers.set('x-content-type-options', 'nosniff');
      return new Response(response.body, { status: response.status, headers });
    });
    session.defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
    buildMenu();
    createWindow();
    app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
    app.on('will-quit', () => backend.stop());
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
