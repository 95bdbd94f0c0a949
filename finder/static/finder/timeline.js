/* „Was passt jetzt?“: turns a birth month or a due date into what the page is asked with —
   the child's age in whole months, or the weeks until the birth — so the date itself never
   leaves the browser. The date fields carry no name (a form cannot send them) and nothing is
   stored. Without this script the page offers the same two values as selects. */
(function () {
    "use strict";
    var form = document.querySelector("[data-timeline]");
    if (!form) { return; }
    var dates = form.querySelector("[data-timeline-dates]");
    var birth = form.querySelector("#timeline-birth-month");
    var due = form.querySelector("#timeline-due-date");
    var error = form.querySelector("[data-timeline-error]");
    dates.hidden = false;

    var MS_PER_DAY = 24 * 60 * 60 * 1000;

    function ageInMonths(value, today) {
        var parts = value.split("-");
        var months = (today.getFullYear() - Number(parts[0])) * 12 + (today.getMonth() + 1 - Number(parts[1]));
        return months;
    }

    function daysUntil(value, today) {
        var parts = value.split("-");
        var day = Date.UTC(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]));
        var now = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
        return Math.round((day - now) / MS_PER_DAY);
    }

    function fail(message) {
        error.textContent = message;
        error.hidden = false;
    }

    form.addEventListener("submit", function (event) {
        if (!birth.value && !due.value) { return; }  // the selects answer
        event.preventDefault();
        error.hidden = true;
        var today = new Date();
        var stage = {};
        if (due.value) {
            var days = daysUntil(due.value, today);
            if (days >= 0) {
                stage.pregnant = "1";
                stage.weeks_until_birth = String(Math.min(Math.ceil(days / 7), 42));
            } else {
                // The due date has passed: the child's age, counted from it.
                stage.age_months = String(Math.floor(-days / 30.4375));
            }
        } else {
            var months = ageInMonths(birth.value, today);
            if (months < 0) {
                fail(form.getAttribute("data-future-message") || "");
                return;
            }
            stage.age_months = String(months);
        }
        var query = new URLSearchParams();
        Array.prototype.forEach.call(form.elements, function (field) {
            if (!field.name || field.name === "age_months" || field.name === "weeks_until_birth") { return; }
            if (field.value.trim()) { query.append(field.name, field.value.trim()); }
        });
        Object.keys(stage).forEach(function (name) { query.append(name, stage[name]); });
        window.location.assign(form.action + "?" + query.toString());
    });
}());
