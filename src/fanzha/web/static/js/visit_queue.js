/* The phone's store for the field page (IndexedDB through idb-keyval): the visits waiting to
   sync (each keyed by the UUID the phone gave it), the photos waiting to upload, and the last
   walk list fetched, so a reload in a stairwell still has it. */
(function () {
  "use strict";
  const kv = window.idbKeyval;
  if (!kv) return;
  const visits = kv.createStore("fanzha-field-visits", "visits");
  const photos = kv.createStore("fanzha-field-photos", "photos");
  const lists = kv.createStore("fanzha-field-lists", "lists");

  window.VisitQueue = {
    add: (item) => kv.set(item.uuid, item, visits),
    async all(campaignId) {
      const items = await kv.values(visits);
      return items
        .filter((item) => item.campaign_id === campaignId)
        .sort((a, b) => a.queued_at.localeCompare(b.queued_at));
    },
    update: (uuid, changes) =>
      kv.update(uuid, (item) => (item ? Object.assign(item, changes) : item), visits),
    remove: (uuid) => kv.del(uuid, visits),
    putPhoto: (uuid, blob) => kv.set(uuid, blob, photos),
    photo: (uuid) => kv.get(uuid, photos),
    dropPhoto: (uuid) => kv.del(uuid, photos),
    saveList: (key, rows) => kv.set(key, { rows, at: new Date().toISOString() }, lists),
    list: (key) => kv.get(key, lists),
  };
})();
