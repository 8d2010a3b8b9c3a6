import { CartBadge } from './components/cart-badge';
import { Modal } from './components/modal';
import { ResizePanel } from './components/resize-panel';
import { SearchBox } from './components/search-box';
import { TabStrip } from './components/tab-strip';
import './components/theme-toggle';
import { Toolbar } from './components/toolbar';
import { Analytics } from './services/analytics';
import { emit } from './services/event-bus';

const root = document.getElementById('app')!;

/** Each route builds its widgets and disposes them when the user navigates away. */
function showDashboard(): () => void {
  // Counts this visit's clicks; nothing stops it when the user navigates away.
  new Analytics().start();
  const widgets = [
    new ResizePanel(root),
    new SearchBox(root),
    new Toolbar(root),
    new TabStrip(root, ['Overview', 'Orders']),
    new CartBadge(document.querySelector('#cart')!),
    new Modal(document.querySelector('dialog')!),
  ];
  return () => widgets.forEach((widget) => widget.dispose());
}

let leaveRoute = showDashboard();
window.addEventListener('hashchange', () => {
  leaveRoute();
  leaveRoute = showDashboard();
  emit('route:change');
});
