/* Territory form: pick a territory from the official referential (COG) and fill
 * kind, INSEE code, SIREN, population and parent territory.
 * Accessible combobox (WAI-ARIA 1.2): arrows move, Enter picks, Escape closes;
 * the number of suggestions is announced in a live region.
 * Backed by the public action odl_territory_lookup. */
"use strict";
ckan.module("odl-territory-lookup", function ($) {
  return {
    options: { minLength: 2, delay: 200, limit: 8 },

    initialize: function () {
      this.input = this.el.find("input[role=combobox]");
      this.listbox = this.el.find("[role=listbox]");
      this.status = this.el.find("[role=status]");
      this.results = [];
      this.active = -1;
      this.timer = null;
      this.input.on("input", this._onInput.bind(this));
      this.input.on("keydown", this._onKeydown.bind(this));
      this.input.on("blur", () => setTimeout(this._close.bind(this), 150));
      this.listbox.on("mousedown", "[role=option]", (event) => {
        event.preventDefault();
        this._pick(Number($(event.currentTarget).data("index")));
      });
    },

    _onInput: function () {
      clearTimeout(this.timer);
      const text = this.input.val().trim();
      if (text.length < this.options.minLength) { this._close(); return; }
      this.timer = setTimeout(() => this._search(text), this.options.delay);
    },

    _search: function (text) {
      // Codes (INSEE, SIREN, département) go to `code`, words to `q`.
      const isCode = /^(\d{2,3}|2[AB]\d{3}|\d{5}|\d{9}|\d{3} ?\d{3} ?\d{3})$/i.test(text);
      const params = { limit: this.options.limit };
      params[isCode ? "code" : "q"] = text;
      $.getJSON(this.sandbox.client.url("/api/3/action/odl_territory_lookup"), params)
        .done((response) => this._show(response.result.results, response.result.message))
        .fail((xhr) => {
          // A SIREN failing its check comes back as a validation error, in French.
          const error = xhr.responseJSON && xhr.responseJSON.error;
          this._close();
          this._announce(error && error.code ? error.code.join(" ")
                                             : this._("La recherche dans le référentiel a échoué."));
        });
    },

    _show: function (results, message) {
      this.results = results;
      this.active = -1;
      this.listbox.empty();
      results.forEach((territory, index) => {
        const detail = [territory.kind_label || territory.kind, territory.code,
          territory.departement ? territory.departement.name : null,
          territory.population ? territory.population.toLocaleString("fr-FR") + " hab." : null]
          .filter(Boolean).join(" · ");
        $("<li>", { role: "option", id: this.listbox.attr("id") + "-" + index,
                    "aria-selected": "false", "data-index": index, "class": "odl-lookup__option" })
          .append($("<strong>").text(territory.name))
          .append($("<span>", { "class": "odl-lookup__detail" }).text(" " + detail))
          .append(territory.redirect ? $("<span>", { "class": "odl-lookup__note" }).text(" — " + territory.redirect) : null)
          .appendTo(this.listbox);
      });
      const open = results.length > 0;
      this.listbox.prop("hidden", !open);
      this.input.attr("aria-expanded", open ? "true" : "false");
      this.input.removeAttr("aria-activedescendant");
      this._announce(open ? results.length + " " + this._("suggestion(s) ; flèches pour choisir, Entrée pour valider.")
                          : (message || this._("Aucun territoire trouvé.")) + " " +
                            this._("La saisie manuelle reste possible."));
    },

    _onKeydown: function (event) {
      if (this.listbox.prop("hidden")) { return; }
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        this._activate((this.active + step + this.results.length) % this.results.length);
      } else if (event.key === "Enter" && this.active >= 0) {
        event.preventDefault();
        this._pick(this.active);
      } else if (event.key === "Escape") {
        this._close();
      }
    },

    _activate: function (index) {
      this.active = index;
      const options = this.listbox.find("[role=option]");
      options.attr("aria-selected", "false").removeClass("active");
      const option = options.eq(index).attr("aria-selected", "true").addClass("active");
      this.input.attr("aria-activedescendant", option.attr("id"));
    },

    _pick: function (index) {
      const territory = this.results[index];
      if (!territory) { return; }
      const form = this.el.closest("form");
      const set = (name, value) => {
        if (value !== null && value !== undefined) { form.find("[name=" + name + "]").val(value).trigger("change"); }
      };
      set("kind", territory.kind);
      set("insee_code", territory.insee_code || "");
      set("siren", territory.siren || "");
      set("population", territory.population);
      set("referential_code", territory.referential_kind + ":" + territory.code);
      if (territory.parent && territory.parent.portal_name) { set("parent_territory", territory.parent.portal_name); }
      const title = form.find("[name=title]");
      if (!title.val()) { title.val(territory.name).trigger("change").trigger("keyup"); }
      this.input.val(territory.name);
      this._close();
      this._announce(this._("Champs remplis d'après le référentiel : ") + territory.name + ".");
    },

    _close: function () {
      this.listbox.prop("hidden", true).empty();
      this.input.attr("aria-expanded", "false").removeAttr("aria-activedescendant");
      this.active = -1;
    },

    _announce: function (text) { this.status.text(text); }
  };
});
