// Keyboard handlers shared by forms.

/**
 * onEnter gives a keydown handler that runs fn on Enter (not while an input
 * method composes), for fields with no <form> of their own to submit: the
 * settings sections sit inside the settings form, whose submit they must
 * not trigger.
 */
export function onEnter(fn: () => unknown): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.key !== 'Enter' || e.isComposing) return;
    e.preventDefault();
    void fn();
  };
}
