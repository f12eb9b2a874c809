// An action the admin starts with a button (export, switch a setting): busy
// while it runs (the button shows a spinner and is off), and a failure is
// an error toast. FormState (lib/components) is a Task whose failures show
// in its form.

import { confirm, type ConfirmRequest } from './stores/confirm.svelte';
import { toastError } from './stores/toasts.svelte';

export class Task {
  busy = $state(false);

  /** run runs action while busy; a failure goes to onerror. It tells whether the action succeeded. */
  async run(action: () => Promise<unknown>, onerror: (err: unknown) => void = toastError): Promise<boolean> {
    this.busy = true;
    try {
      await action();
      return true;
    } catch (err) {
      onerror(err);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /** confirmRun asks the question first and runs action (as run) only when the admin says yes. */
  async confirmRun(question: ConfirmRequest, action: () => Promise<unknown>, onerror?: (err: unknown) => void): Promise<boolean> {
    return (await confirm(question)) && this.run(action, onerror);
  }
}
