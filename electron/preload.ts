import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

// The page gets exactly these functions; no Node or Electron object crosses the bridge.
contextBridge.exposeInMainWorld('relwb', {
  invoke: (method: string, args: unknown): Promise<unknown> => ipcRenderer.invoke('relwb:invoke', method, args),
  /** The native open dialog; resolves to the chosen path, or null when cancelled. */
  pickPath: (kind: 'file' | 'folder'): Promise<string | null> => ipcRenderer.invoke('relwb:pick-path', kind),
  on: (listener: (event: unknown) => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on('relwb:event', forward);
    return () => ipcRenderer.removeListener('relwb:event', forward);
  },
});
