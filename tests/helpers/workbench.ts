import { openWorkbench, type Workbench } from '../../core/workbench';

/** Opens a workbench on the data folder (CPU), runs `work` and always closes it, as a restarted app would. */
export async function withWorkbench<T>(dataDir: string, work: (workbench: Workbench) => Promise<T>): Promise<T> {
  const workbench = await openWorkbench({ dataDir, device: 'cpu' });
  try {
    return await work(workbench);
  } finally {
    await workbench.close();
  }
}
