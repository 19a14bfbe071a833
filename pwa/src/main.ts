import { createApp } from 'vue';
import App from './App.vue';
import './common/styles.css';
import * as i18n from './modules/i18n';
import * as pinia from './modules/pinia';
import * as pwa from './modules/pwa';
import * as router from './modules/router';

const app = createApp(App);
// Pinia before the router: its guards read the session store.
for (const module of [i18n, pinia, router, pwa]) module.install(app);
app.mount('#app');
