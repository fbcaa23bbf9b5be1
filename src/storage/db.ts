/** The app's single database connection. Components never import this; they use repositories. */
import { EscribaDatabase } from './schema';

export const db = new EscribaDatabase();
