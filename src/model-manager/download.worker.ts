/**
 * The download worker: runs the engine on the OPFS store. It has to be a dedicated worker because
 * `.part` files are written through FileSystemSyncAccessHandle (see store.opfs.ts); it also keeps
 * hashing gigabytes off the UI thread. Start it through DownloadWorkerClient.
 */
import { DownloadEngine } from './download.engine';
import { serveDownloads, type HostScope } from './download.host';
import { OpfsModelStore } from './store.opfs';

const scope: HostScope = self;
serveDownloads(scope, new DownloadEngine({ store: new OpfsModelStore() }));
