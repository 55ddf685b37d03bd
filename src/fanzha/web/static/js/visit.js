/* The door-knock field page (fanzha.outreach.field_views): the team's walk list by building,
   unit and floor, the visit form, and the queue of visits kept on the phone (visit_queue.js)
   until they sync. Every text shown comes from the page (#visit-kit): no Chinese lives here. */
(function () {
  "use strict";
  const app = document.getElementById("visit-app");
  if (!app || !window.VisitQueue) return;
  const kit = JSON.parse(document.getElementById("visit-kit").textContent);
  const T = kit.text;
  const Q = window.VisitQueue;
  const $ = (id) => document.getElementById(id);
  const fmt = (s, vals) => s.replace(/\{(\w+)\}/g, (_, k) => (k in vals ? vals[k] : ""));
  const csrf = () => (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const listKey = "walk-" + kit.campaign_id;
  const membersKey = "fanzha-field-members-" + kit.campaign_id;
  const outcomeLabel = Object.fromEntries(kit.outcomes.map((o) => [o.code, o.label]));
  let households = [];
  let current = null;
  let syncing = false;
  const SYNC_BATCH = kit.sync_batch; // visits a sync request carries (the server takes more)
  const recent = []; // results of this page's syncs, newest first

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v;
      else if (k.startsWith("data-")) node.setAttribute(k, v);
      else node[k] = v;
    }
    for (const c of children) node.append(c);
    return node;
  }

  function newUuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  // --- the service worker: the page, its scripts and the walk list kept for offline ----------
  function registerWorker() {
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker
      .register(app.dataset.sw, { scope: app.dataset.scope })
      .then(() => navigator.serviceWorker.ready)
      .then((reg) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => { app.dataset.offlineReady = "1"; };
        const urls = [location.pathname, kit.walk_list, app.dataset.scope];
        reg.active.postMessage({ type: "CACHE_URLS", payload: { urlsToCache: urls } }, [channel.port2]);
      })
      .catch(() => { /* no worker (plain http): the queue still works while the page is open */ });
  }

  // --- online / offline --------------------------------------------------------------------
  // navigator.onLine is only a hint: a phone with a bar of signal and no data, or a page the
  // service worker served from its cache, can read "online" while nothing gets through. So the
  // page asks the server itself (kit.probe, never cached) and, while no answer comes, asks
  // again every few seconds: the queue syncs as soon as the signal is back, event or none.
  const PROBE_MS = 2000;
  let reachable = true;
  let probeTimer = null;
  const isOnline = () => navigator.onLine && reachable;

  async function probe() {
    probeTimer = null;
    let answered = false;
    if (navigator.onLine) {
      try {
        await fetch(kit.probe, { cache: "no-store" });
        answered = true; // any answer, even 503: the server is there
      } catch (e) {
        answered = false;
      }
    }
    setReachable(answered);
  }

  function setReachable(answered) {
    const was = isOnline();
    reachable = answered;
    showNetwork();
    if (!answered && !probeTimer) probeTimer = setTimeout(probe, PROBE_MS);
    if (answered && !was) syncNow();
  }

  function showNetwork() {
    const online = isOnline();
    const state = $("net-state");
    state.textContent = online ? state.dataset.online : state.dataset.offline;
    state.classList.toggle("off", !online);
    $("offline-note").hidden = online;
    // No reveal route in the kit: this visitor holds no grid of the campaign to reveal in.
    $("reveal").disabled = !online || !kit.reveal;
    $("reveal").hidden = !online || !kit.reveal;
    $("reveal-note").hidden = online;
  }

  // --- the walk list -----------------------------------------------------------------------
  async function loadWalk() {
    try {
      const response = await fetch(kit.walk_list, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(String(response.status));
      const data = await response.json();
      households = Array.isArray(data) ? data : data.households || data.rows || [];
      await Q.saveList(listKey, households);
      $("walk-stale").hidden = true;
    } catch (e) {
      const saved = await Q.list(listKey);
      if (saved) {
        households = saved.rows;
        $("walk-stale").textContent = fmt(T.walk_stale, { when: saved.at.slice(0, 16).replace("T", " ") });
        $("walk-stale").hidden = false;
      }
    }
    await renderWalk();
  }

  // A register may give buildings and units as bare numbers ("3"): say 3栋, 2单元.
  function named(value, template) {
    return /^\d+$/.test(String(value || "")) ? fmt(template, { n: value }) : value || "";
  }

  function floorOf(room) {
    const m = /^0*(\d+?)(\d\d)$/.exec(String(room || "").trim());
    return m ? m[1] : "";
  }

  function byNatural(a, b) {
    return String(a).localeCompare(String(b), "zh-CN", { numeric: true });
  }

  async function renderWalk() {
    // A refused visit stays in the queue until its owner deletes it, but it will never be
    // sent again: its door shows the server's status and 被拒绝, not 待同步.
    const pending = {};
    const refused = {};
    for (const item of await Q.all(kit.campaign_id)) {
      if (item.state === "refused") refused[item.visit.household_id] = true;
      else pending[item.visit.household_id] = item.visit.outcome;
    }
    const needle = $("walk-search").value.trim();
    const root = $("walk-list");
    root.replaceChildren();
    const shown = households.filter((h) =>
      !needle || [h.compound, h.building, h.unit_no, h.room].join(" ").includes(needle));
    if (!shown.length) {
      root.append(el("p", { class: "muted empty" }, T.walk_empty));
      return;
    }
    // building → unit → floor → room, in the order the stairs go
    const tree = new Map();
    for (const h of shown) {
      const b = `${h.compound} ${named(h.building, T.building_label)}`.trim();
      if (!tree.has(b)) tree.set(b, new Map());
      const units = tree.get(b);
      if (!units.has(h.unit_no)) units.set(h.unit_no, new Map());
      const floors = units.get(h.unit_no);
      const f = floorOf(h.room);
      if (!floors.has(f)) floors.set(f, []);
      floors.get(f).push(h);
    }
    for (const b of [...tree.keys()].sort(byNatural)) {
      const box = el("details", { class: "walk-building", open: true }, el("summary", {}, b));
      const units = tree.get(b);
      for (const u of [...units.keys()].sort(byNatural)) {
        const unitBox = el("div", { class: "walk-unit" });
        if (u) unitBox.append(el("h3", {}, named(u, T.unit_label)));
        const floors = units.get(u);
        for (const f of [...floors.keys()].sort(byNatural)) {
          const rooms = floors.get(f).sort((x, y) => byNatural(x.room, y.room));
          const head = el("div", { class: "walk-floor-head" }, el("span", {}, f ? fmt(T.floor_label, { floor: f }) : ""));
          if (f) {
            const all = el("button", { type: "button", class: "secondary small", "data-floor": `${b}|${u}|${f}` }, T.floor_nobody);
            all.addEventListener("click", () => floorNobodyHome(rooms, f));
            head.append(all);
          }
          const list = el("ul", { class: "walk-rooms" });
          for (const h of rooms) {
            const status = pending[h.id] || h.status;
            const btn = el("button", {
              type: "button",
              class: "walk-room" + (h.priority ? " priority" : "") + (status ? " status-" + status : ""),
              "data-household": String(h.id),
            }, el("strong", {}, h.room || "—"));
            if (h.priority) btn.append(el("small", { class: "tag-priority" }, T.priority));
            btn.append(el("small", { class: "walk-status" }, status ? outcomeLabel[status] || status : T.not_visited));
            if (pending[h.id]) btn.append(el("small", { class: "walk-waiting" }, T.waiting));
            else if (refused[h.id]) btn.append(el("small", { class: "walk-refused" }, T.refused));
            btn.addEventListener("click", () => openHousehold(h));
            list.append(el("li", {}, btn));
          }
          unitBox.append(el("div", { class: "walk-floor" }, head, list));
        }
        box.append(unitBox);
      }
      root.append(box);
    }
  }

  function address(h) {
    return [h.compound, named(h.building, T.building_label), named(h.unit_no, T.unit_label), h.room]
      .filter(Boolean).join(" ");
  }

  // --- team members --------------------------------------------------------------------------
  function chosenMembers() {
    try {
      const saved = JSON.parse(localStorage.getItem(membersKey) || "null");
      if (Array.isArray(saved)) return saved;
    } catch (e) { /* a broken entry is treated as none */ }
    return kit.roster.filter((m) => m.me).map((m) => m.staff_id);
  }

  function memberChips(root, chosen, name) {
    root.replaceChildren();
    for (const m of kit.roster) {
      const box = el("input", { type: "checkbox", name, value: String(m.staff_id), checked: chosen.includes(m.staff_id) });
      root.append(el("label", { class: "visit-chip" }, box, " " + m.name));
    }
  }

  function readChecked(root) {
    return [...root.querySelectorAll("input:checked")].map((i) => Number(i.value));
  }

  // --- the visit form ------------------------------------------------------------------------
  function openHousehold(h) {
    current = h;
    $("form-title").textContent = address(h);
    $("form-contact").textContent = [h.contact_name, h.contact_phone].filter(Boolean).join(" ");
    $("form-residents").textContent = `${h.residents} ${T.residents_unit}`;
    $("form-flags").textContent = (h.flags || []).map((f) => (kit.flags || {})[f] || f).join("、");
    $("form-flags-row").hidden = !(h.flags || []).length;
    const form = $("visit-entry");
    form.reset();
    $("residents-reached").value = String(h.residents || 0);
    memberChips($("form-members"), chosenMembers(), "member");
    $("photo-preview").hidden = true;
    $("form-error").hidden = true;
    toggles();
    renderQuestions();
    $("walk").hidden = true;
    $("visit-team").hidden = true;
    $("visit-form").hidden = false;
    window.scrollTo(0, 0);
  }

  function closeForm() {
    current = null;
    $("visit-form").hidden = true;
    $("visit-team").hidden = false;
    $("walk").hidden = false;
  }

  function toggles() {
    const form = $("visit-entry");
    const entered = form.outcome.value === "entered";
    form.querySelector(".visit-five").hidden = !entered;
    $("suggestion-field").hidden = !(entered && form.querySelector('input[value="suggestion"]').checked);
    $("revisit-field").hidden = !$("revisit").checked;
    // The questionnaire is the 问卷调查 item of the five ones: asked when that is ticked.
    const asked = form.querySelector('input[value="questionnaire"]').checked;
    $("questionnaire").hidden = !(entered && asked && kit.questionnaire);
  }

  // The campaign's questionnaire (fanzha.questionnaires shapes): choices answer with the
  // option's own label, numbers with a number, text with text.
  function renderQuestions() {
    const root = $("questions");
    root.replaceChildren();
    const q = kit.questionnaire;
    if (!q) return;
    q.questions.forEach((question, i) => {
      const name = "q-" + question.key;
      const box = el("div", { class: "field visit-question", "data-key": question.key });
      box.append(el("span", { class: "label" }, `${i + 1}. ${question.title}` + (question.required ? ` (${T.required})` : "")));
      if (question.kind === "single" || question.kind === "multiple") {
        for (const option of question.options || []) {
          const input = el("input", { type: question.kind === "single" ? "radio" : "checkbox", name, value: option });
          box.append(el("label", { class: "visit-choice" }, input, " " + option));
        }
      } else if (question.kind === "number") {
        const attrs = { type: "number", name, inputMode: "decimal" };
        if (question.min !== undefined) attrs.min = question.min;
        if (question.max !== undefined) attrs.max = question.max;
        box.append(el("input", attrs));
      } else {
        box.append(el("textarea", { name, rows: 2, maxLength: 2000 }));
      }
      root.append(box);
    });
  }

  // Answers as the engine stores them; unanswered questions are left out. Returns null (and
  // says which) when a required one is missing, so the visit is not queued half-answered.
  function readAnswers() {
    const q = kit.questionnaire;
    const answers = {};
    if (!q || $("questionnaire").hidden) return answers;
    for (const question of q.questions) {
      const inputs = [...$("questions").querySelectorAll(`[name="q-${question.key}"]`)];
      let value = null;
      if (question.kind === "multiple") {
        const picked = inputs.filter((i) => i.checked).map((i) => i.value);
        value = picked.length ? picked : null;
      } else if (question.kind === "single") {
        value = (inputs.find((i) => i.checked) || {}).value || null;
      } else if (question.kind === "number") {
        value = inputs[0].value === "" ? null : Number(inputs[0].value);
      } else {
        value = inputs[0].value.trim() || null;
      }
      if (value === null) {
        if (question.required) {
          refuse(`${question.title} (${T.required})`);
          return null;
        }
        continue;
      }
      answers[question.key] = value;
    }
    return answers;
  }

  function refuse(message) {
    $("form-error").textContent = message;
    $("form-error").hidden = false;
  }

  async function saveVisit(event) {
    event.preventDefault();
    const form = $("visit-entry");
    const members = readChecked($("form-members"));
    if (!members.length) return refuse(T.pick_member);
    const entered = form.outcome.value === "entered";
    const fiveOnes = entered ? [...form.querySelectorAll('input[name="five_ones"]:checked')].map((i) => i.value) : [];
    const photo = $("photo").files[0] || null;
    const answers = entered ? readAnswers() : {};
    if (answers === null) return;
    const visit = {
      uuid: newUuid(),
      household_id: current.id,
      outcome: form.outcome.value,
      visited_at: new Date().toISOString(),
      member_staff_ids: members,
      residents_reached: entered ? Number($("residents-reached").value || 0) : 0,
      five_ones: fiveOnes,
      suggestion_text: fiveOnes.includes("suggestion") ? $("suggestion-text").value.trim() : "",
      questionnaire_version_id: entered && kit.questionnaire ? kit.questionnaire.version_id : null,
      answers,
      revisit_needed: $("revisit").checked,
      revisit_reason: $("revisit").checked ? $("revisit-reason").value.trim() : "",
      photo_id: null,
    };
    const item = queued(visit, address(current));
    if (photo) {
      item.photo_uuid = newUuid();
      await Q.putPhoto(item.photo_uuid, photo);
    }
    await Q.add(item);
    localStorage.setItem(membersKey, JSON.stringify(members));
    closeForm();
    status(isOnline() ? T.saved : T.saved_offline);
    await refresh();
    syncNow();
  }

  function queued(visit, label) {
    return { uuid: visit.uuid, campaign_id: kit.campaign_id, queued_at: new Date().toISOString(), state: "waiting", message: "", label, photo_uuid: null, visit };
  }

  let floorBusy = false;

  async function floorNobodyHome(rooms, floor) {
    const members = chosenMembers();
    if (!members.length) return status(T.pick_member);
    // A double tap ran this twice before either had queued anything: one visit per tap.
    if (floorBusy) return;
    floorBusy = true;
    try {
      // Households already entered are left alone: nobody-home would not be news about them;
      // nor are those with a visit still waiting in the queue (the same tap again).
      const waiting = new Set((await Q.all(kit.campaign_id))
        .filter((item) => item.state !== "refused").map((item) => item.visit.household_id));
      const targets = rooms.filter((h) => h.status !== "entered" && !waiting.has(h.id));
      const at = new Date().toISOString();
      for (const h of targets) {
        await Q.add(queued({
          uuid: newUuid(), household_id: h.id, outcome: "nobody_home", visited_at: at,
          member_staff_ids: members, residents_reached: 0, five_ones: [], suggestion_text: "",
          questionnaire_version_id: null, answers: {}, revisit_needed: true, revisit_reason: "",
          photo_id: null,
        }, address(h)));
      }
      status(fmt(T.floor_done, { floor, n: targets.length }));
    } finally {
      floorBusy = false;
    }
    await refresh();
    syncNow();
  }

  // --- the queue and its sync ----------------------------------------------------------------
  function status(text) {
    $("sync-status").textContent = text;
  }

  async function renderPending() {
    const items = await Q.all(kit.campaign_id);
    const waiting = items.filter((i) => i.state === "waiting");
    $("pending-count").textContent = String(waiting.length);
    const list = $("pending-list");
    list.replaceChildren();
    for (const item of items) {
      const li = el("li", { class: "pending-item state-" + item.state, "data-uuid": item.uuid },
        el("strong", {}, item.label), " ",
        el("span", {}, outcomeLabel[item.visit.outcome] || item.visit.outcome), " ",
        el("span", { class: "muted" }, item.visit.visited_at.slice(11, 16)));
      if (item.photo_uuid && !item.visit.photo_id) li.append(el("small", { class: "muted" }, " · " + T.photo_waiting));
      if (item.state === "refused") {
        li.append(el("p", { class: "error refused-reason" }, `${T.refused}：${item.message}`));
        const drop = el("button", { type: "button", class: "link" }, T.remove);
        drop.addEventListener("click", async () => {
          if (!window.confirm(T.discard_confirm)) return;
          await Q.remove(item.uuid);
          if (item.photo_uuid) await Q.dropPhoto(item.photo_uuid);
          refresh();
        });
        li.append(drop);
      } else {
        li.append(el("span", { class: "pending-state" }, " · " + T.waiting));
        if (item.message) li.append(el("p", { class: "muted" }, item.message));
      }
      list.append(li);
    }
    for (const r of recent) {
      list.append(el("li", { class: "pending-item state-" + r.status, "data-uuid": r.uuid },
        el("strong", {}, r.label), " ", el("span", { class: "pending-state" }, T[r.status] || r.status)));
    }
    if (!items.length && !recent.length) list.append(el("li", { class: "muted" }, T.waiting_none));
  }

  async function refresh() {
    await renderPending();
    await renderWalk();
  }

  async function failure(response) {
    const text = await response.text();
    try {
      return JSON.parse(text).message;
    } catch (e) {
      const page = new DOMParser().parseFromString(text, "text/html");
      const message = page.querySelector(".error-message, .toast");
      return message ? message.textContent.trim() : String(response.status);
    }
  }

  async function uploadPhoto(item) {
    const blob = await Q.photo(item.photo_uuid);
    if (!blob) return null;
    const body = new FormData();
    body.append("uuid", item.photo_uuid);
    body.append("file", blob, "photo.jpg");
    const response = await fetch(kit.photos, { method: "POST", body, headers: { "X-CSRF-Token": csrf(), Accept: "application/json" } });
    if (response.status === 401) throw Object.assign(new Error(T.sign_in_again), { signIn: true });
    if (response.status >= 400 && response.status < 500) {
      // A refused photo (too big, over today's limit) must not hold its visit back.
      const reason = await failure(response);
      await Q.dropPhoto(item.photo_uuid);
      await Q.update(item.uuid, { photo_uuid: null, message: reason });
      item.photo_uuid = null;
      return null;
    }
    if (!response.ok) throw new Error(await failure(response));
    return (await response.json()).id;
  }

  async function syncNow() {
    if (syncing || !isOnline()) return;
    const items = (await Q.all(kit.campaign_id)).filter((i) => i.state === "waiting");
    if (!items.length) return renderPending();
    syncing = true;
    status(T.syncing);
    try {
      for (const item of items) {
        if (item.photo_uuid && !item.visit.photo_id) {
          status(T.photo_uploading);
          const id = await uploadPhoto(item);
          if (id) {
            item.visit.photo_id = id;
            await Q.update(item.uuid, { visit: item.visit });
          }
        }
      }
      // In batches the server takes (up to 2,000 a request): a queue kept offline for days
      // still goes. Each answer holds one result per visit sent, in the order sent.
      let done = 0;
      for (let at = 0; at < items.length; at += SYNC_BATCH) {
        const batch = items.slice(at, at + SYNC_BATCH);
        const response = await fetch(kit.sync, {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrf() },
          body: JSON.stringify({ visits: batch.map((i) => i.visit) }),
        });
        if (response.status === 401) throw Object.assign(new Error(T.sign_in_again), { signIn: true });
        if (!response.ok) throw new Error(await failure(response));
        const { results } = await response.json();
        for (const [n, r] of results.entries()) {
          const item = batch[n];
          if (!item) continue;
          if (r.status === "refused") {
            await Q.update(item.uuid, { state: "refused", message: r.message || "" });
            continue;
          }
          done += 1;
          await Q.remove(item.uuid);
          if (item.photo_uuid) await Q.dropPhoto(item.photo_uuid);
          const h = households.find((x) => x.id === item.visit.household_id);
          if (h) h.status = item.visit.outcome;
          recent.unshift({ uuid: item.uuid, status: r.status, label: item.label });
        }
      }
      await Q.saveList(listKey, households);
      status(fmt(T.synced, { n: done }));
    } catch (e) {
      status(e.signIn ? e.message : fmt(T.sync_failed, { reason: e.message }));
      if (e instanceof TypeError) setReachable(false); // fetch got no answer: offline after all
    } finally {
      syncing = false;
      await refresh();
    }
  }

  // --- reveal: the one household opened, online only (audited on the server) ----------------
  async function reveal() {
    if (!current || !isOnline()) return;
    const response = await fetch(kit.reveal.replace("{id}", String(current.id)), {
      method: "POST", headers: { "X-CSRF-Token": csrf(), Accept: "application/json" },
    });
    if (!response.ok) return refuse(fmt(T.reveal_failed, { reason: await failure(response) }));
    const who = await response.json();
    $("form-contact").textContent = [who.name, who.phone].filter(Boolean).join(" ");
  }

  // --- wiring --------------------------------------------------------------------------------
  function previewPhoto() {
    const file = $("photo").files[0];
    const img = $("photo-preview");
    if (!file) { img.hidden = true; return; }
    const reader = new FileReader(); // a data: URL: the page's policy allows no blob: images
    reader.onload = () => { img.src = reader.result; img.hidden = false; };
    reader.readAsDataURL(file);
  }

  memberChips($("team-members"), chosenMembers(), "team");
  $("team-members").addEventListener("change", () =>
    localStorage.setItem(membersKey, JSON.stringify(readChecked($("team-members")))));
  $("visit-entry").addEventListener("change", toggles);
  $("visit-entry").addEventListener("submit", saveVisit);
  $("form-close").addEventListener("click", closeForm);
  $("sync-now").addEventListener("click", syncNow);
  $("reveal").addEventListener("click", reveal);
  $("photo").addEventListener("change", previewPhoto);
  $("walk-search").addEventListener("input", renderWalk);
  window.addEventListener("online", () => { reachable = true; showNetwork(); syncNow(); });
  window.addEventListener("offline", showNetwork);
  showNetwork();
  probe();
  registerWorker();
  renderPending().then(loadWalk).then(syncNow);
})();
