/* While an agent types a new dataset's title: datasets already published with a
   close title (odl_duplicate_similar), as Decidim shows similar proposals. The panel
   is placed right under the title field. Written with textContent only: titles
   others typed are never read as markup. */
(function () {
  var box = document.getElementById('odl-similar-datasets');
  var input = document.getElementById('field-title');
  if (!box || !input) { return; }
  var group = input.closest('.form-group, .control-group');
  if (group && group.parentNode) { group.parentNode.insertBefore(box, group.nextSibling); }
  var owner = document.getElementById('field-organizations');
  var timer = null;
  var last = '';

  function show(datasets) {
    box.textContent = '';
    if (!datasets.length) { box.hidden = true; return; }
    var title = document.createElement('p');
    title.className = 'odl-similar-datasets__title';
    title.textContent = box.dataset.title;
    box.appendChild(title);
    var list = document.createElement('ul');
    datasets.forEach(function (d) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = box.dataset.datasetUrl.replace('__NOM__', encodeURIComponent(d.name));
      a.textContent = d.title;
      a.target = '_blank';
      a.rel = 'noopener';
      li.appendChild(a);
      if (d.territory) { li.appendChild(document.createTextNode(' — ' + d.territory)); }
      list.appendChild(li);
    });
    box.appendChild(list);
    box.hidden = false;
  }

  function look() {
    var typed = input.value.trim();
    if (typed.length < 4) { last = ''; show([]); return; }
    if (typed === last) { return; }
    last = typed;
    var url = box.dataset.action + '?title=' + encodeURIComponent(typed.slice(0, 300));
    if (box.dataset.id) { url += '&id=' + encodeURIComponent(box.dataset.id); }
    if (owner && owner.value) { url += '&owner_org=' + encodeURIComponent(owner.value); }
    fetch(url, {credentials: 'same-origin'}).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (body) {
      if (body && body.success && input.value.trim() === typed) { show(body.result.datasets); }
    }).catch(function () {});
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(look, 400);
  });
}());
