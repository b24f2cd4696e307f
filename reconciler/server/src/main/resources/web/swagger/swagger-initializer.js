// The service catalog: one definition per deployed model (its OpenAPI document, served by the daemon with
// "servers" pointing at the model) plus the daemon's own API. The bearer token the status page keeps in this tab,
// if any, is sent with the catalog requests and with "Try it out" calls, since models sit behind the same JWT.
window.onload = async function () {
  'use strict';
  const token = sessionStorage.getItem('modeldeploy.token');
  const headers = token ? { 'Authorization': 'Bearer ' + token } : {};
  const message = document.getElementById('catalog-message');
  let models = [];
  try {
    const response = await fetch('/api/v1/catalog', { headers: headers, cache: 'no-store' });
    if (response.ok) {
      models = await response.json();
    } else {
      let reason = 'HTTP ' + response.status;
      try {
        reason = (await response.json()).message || reason;
      } catch (ignored) { /* keep the status */ }
      message.textContent = 'Cannot list the deployed models: ' + reason
        + (response.status === 401 ? ' (enter a token on the status page first)' : '');
      message.hidden = false;
    }
  } catch (e) {
    message.textContent = 'Cannot reach the daemon to list the deployed models: ' + e.message;
    message.hidden = false;
  }
  if (models.length === 0 && message.hidden) {
    message.textContent = 'No deployed model provides an OpenAPI document yet.';
    message.hidden = false;
  }
  const urls = models.map(m => ({ name: m.id, url: m.openapi }));
  urls.push({ name: 'modeldeploy API', url: '/openapi.json' });
  window.ui = SwaggerUIBundle({
    urls: urls,
    'urls.primaryName': urls[0].name,
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    plugins: [SwaggerUIBundle.plugins.DownloadUrl],
    layout: 'StandaloneLayout',
    requestInterceptor: request => {
      if (token && !request.headers['Authorization']) {
        request.headers['Authorization'] = 'Bearer ' + token;
      }
      return request;
    }
  });
};
