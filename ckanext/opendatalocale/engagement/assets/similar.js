/* While a data request is typed: similar requests and datasets of the territory,
   from the odl_data_request_similar action. Written with textContent only: what
   others typed is never read as markup. */
(function () {
  var input = document.getElementById('title');
  var box = document.getElementById('demandes-similaires');
  if (!input || !box) { return; }
  var timer = null;
  var last = '';

  function item(list, href, text, detail) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    li.appendChild(a);
    if (detail) { li.appendChild(document.createTextNode(' — ' + detail)); }
    list.appendChild(li);
  }

  function section(title, fill) {
    var h = document.createElement('h3');
    h.textContent = title;
    var ul = document.createElement('ul');
    fill(ul);
    box.appendChild(h);
    box.appendChild(ul);
  }

  function show(result) {
    box.textContent = '';
    if (result.requests.length) {
      section(box.dataset.requestsTitle, function (ul) {
        result.requests.forEach(function (r) {
          item(ul, box.dataset.requestsUrl + '#demande-' + encodeURIComponent(r.id), r.title, r.state_label);
        });
      });
    }
    if (result.datasets.length) {
      section(box.dataset.datasetsTitle, function (ul) {
        result.datasets.forEach(function (d) {
          item(ul, box.dataset.datasetUrl.replace('__NOM__', encodeURIComponent(d.name)), d.title);
        });
      });
    }
  }

  function look() {
    var title = input.value.trim();
    if (title.length < 4 || title === last) { return; }
    last = title;
    var url = box.dataset.action + '?territory_id=' + encodeURIComponent(box.dataset.territory) +
      '&title=' + encodeURIComponent(title.slice(0, 200));
    fetch(url, {credentials: 'same-origin'}).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (body) {
      if (body && body.success && input.value.trim() === title) { show(body.result); }
    }).catch(function () {});
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(look, 400);
  });
}());
