/**
 * Which model Escriba uses for each task. The doctor's choice (settings) wins while it is still
 * installed and runnable here; otherwise the recommendation for this computer; otherwise a model
 * that is installed and runnable (the first in catalogue order), so a catalogue that starts
 * recommending a newer model does not leave a doctor without the one already downloaded. A model
 * the hardware cannot run is never chosen, so it is refused before anything tries to load it.
 */
import type { Task } from './catalogSchema';

export type ModelChoice = Partial<Record<Task, string>>;

export interface SelectableModel {
  id: string;
  task: Task;
  runnable: boolean;
  installed: boolean;
}

export function effectiveChoice(saved: ModelChoice, recommended: ModelChoice, models: readonly SelectableModel[]): ModelChoice {
  const usable = (task: Task, id: string | undefined) =>
    id !== undefined && models.some((m) => m.id === id && m.task === task && m.runnable && m.installed);
  const choice: ModelChoice = {};
  for (const task of ['speech', 'llm'] as const) {
    const installed = models.find((m) => m.task === task && m.runnable && m.installed)?.id;
    const picked = [saved[task], recommended[task], installed].find((id) => usable(task, id));
    if (picked) choice[task] = picked;
  }
  return choice;
}

export function isModelChoice(value: unknown): value is ModelChoice {
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).every(([task, id]) => (task === 'speech' || task === 'llm') && typeof id === 'string');
}
