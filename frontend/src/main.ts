import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { toastError } from './lib/stores/toasts.svelte';

// Unexpected failures anywhere end up as an error toast rather than silence.
window.addEventListener('unhandledrejection', (e) => toastError(e.reason));
window.addEventListener('error', (e) => {
  if (e.error) toastError(e.error);
});

const app = mount(App, { target: document.getElementById('app')! });

export default app;
