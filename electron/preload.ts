import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';

// The page gets exactly two functions; no Node or Electron object crosses the bridge.
contextBridge.exposeInMainWorld('relwb', {
  invoke: (method: string, args: unknown): Promise<unknown> => ipcRenderer.invoke('relwb:invoke', method, args),
  on: (listener: (event: unknown) => void): (() => void) => {
    const forward = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on('relwb:event', forward);
    return () => ipcRenderer.removeListener('relwb:event', forward);
  },
});
