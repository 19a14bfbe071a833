import { createApp } from 'vue';
import TheKitchenDisplay from './components/TheKitchenDisplay.vue';
import './styles.css';

createApp(TheKitchenDisplay).mount('#app');
