import { readonly, ref } from 'vue';

const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine);
let listening = false;

/** Whether the browser thinks it has a network (it can be wrong the other way: the socket says for sure). */
export function useOnline() {
  if (!listening && typeof window !== 'undefined') {
    listening = true;
    window.addEventListener('online', () => (online.value = true));
    window.addEventListener('offline', () => (online.value = false));
  }
  return readonly(online);
}
