/* The field page's service worker (served by fanzha.outreach.field_views at
   /outreach/field/sw.js, with the precache list filled in). Workbox comes from our own
   /static/vendor/workbox: nothing is fetched from the internet. */
importScripts("/static/vendor/workbox/workbox-sw.js");
workbox.setConfig({ modulePathPrefix: "/static/vendor/workbox/", debug: false });

workbox.core.skipWaiting();
workbox.core.clientsClaim();

// Styles, scripts and libraries, revisioned by content: a new release replaces them.
workbox.precaching.precacheAndRoute(self.__PRECACHE__);
workbox.precaching.cleanupOutdatedCaches();

// The picker, each campaign's page and its walk list: the network when there is one (the
// latest list, a fresh CSRF token), the last copy in the stairwell.
const FIELD_PAGES = /^\/outreach\/field(\/\d+)?\/?$/;
const WALK_LISTS = /^\/outreach\/campaigns\/\d+\/walk-list\.json$/;
workbox.routing.registerRoute(
  ({ url, request }) => request.method === "GET" && url.origin === self.location.origin
    && (FIELD_PAGES.test(url.pathname) || WALK_LISTS.test(url.pathname)),
  new workbox.strategies.NetworkFirst({
    cacheName: "fanzha-field",
    networkTimeoutSeconds: 5,
    // Never keep the sign-in page (a lapsed session is redirected there) in place of the list.
    plugins: [{ cacheWillUpdate: async ({ response }) =>
      response && response.status === 200 && !response.redirected ? response : null }],
  })
);
