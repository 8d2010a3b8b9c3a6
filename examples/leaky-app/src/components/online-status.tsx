import { useEffect, useState } from 'react';

/** A React badge in the header: it is mounted and unmounted with each route. */
export function OnlineStatus() {
  const [online, setOnline] = useState(navigator.onLine);

  useEffect(() => {
    window.addEventListener('online', () => setOnline(true));
    window.addEventListener('offline', () => setOnline(false));
  }, []);

  return <span className={online ? 'online' : 'offline'}>{online ? 'Online' : 'Offline'}</span>;
}
