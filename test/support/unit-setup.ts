// Unit tests run Dexie against an in-memory IndexedDB; end-to-end tests use Chromium's real one.
import 'fake-indexeddb/auto';
