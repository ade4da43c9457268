// Dashboard entry (placeholder until the dashboard lands): shows which workspace token is in use.
const token = new URLSearchParams(location.hash.slice(1)).get('token');
if (token) localStorage.setItem('kolpulse.token', token);
