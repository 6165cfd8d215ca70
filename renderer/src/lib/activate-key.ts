/**
 * SVG shapes that act as buttons (a chart's lines and points) get no keyboard behaviour from the
 * browser: this keydown handler does on Enter or Space what a click does, as a button would.
 */
export function onActivateKey(action: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    action();
  };
}
