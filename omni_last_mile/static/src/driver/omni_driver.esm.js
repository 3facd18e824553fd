/** @odoo-module **/
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
// Driver page: draw the signature on a canvas, fill the GPS fields. Only acts on that page.

function setupSignature(form) {
    const canvas = form.querySelector("canvas.o_omni_signature");
    const field = form.querySelector("input.o_omni_signature_value");
    if (!canvas || !field) {
        return;
    }
    const ctx = canvas.getContext("2d");
    let drawing = false;
    let drawn = false;
    const point = (ev) => {
        const rect = canvas.getBoundingClientRect();
        const source = ev.touches ? ev.touches[0] : ev;
        return [
            ((source.clientX - rect.left) * canvas.width) / rect.width,
            ((source.clientY - rect.top) * canvas.height) / rect.height,
        ];
    };
    const start = (ev) => {
        drawing = true;
        ctx.beginPath();
        ctx.moveTo(...point(ev));
        ev.preventDefault();
    };
    const move = (ev) => {
        if (!drawing) {
            return;
        }
        ctx.lineTo(...point(ev));
        ctx.stroke();
        drawn = true;
        ev.preventDefault();
    };
    const end = () => {
        drawing = false;
    };
    canvas.addEventListener("mousedown", start);
    canvas.addEventListener("mousemove", move);
    canvas.addEventListener("mouseup", end);
    canvas.addEventListener("touchstart", start);
    canvas.addEventListener("touchmove", move);
    canvas.addEventListener("touchend", end);
    form.addEventListener("submit", () => {
        field.value = drawn ? canvas.toDataURL("image/png") : "";
    });
}

function fillPosition() {
    if (!navigator.geolocation) {
        return;
    }
    navigator.geolocation.getCurrentPosition((position) => {
        for (const input of document.querySelectorAll(".o_omni_driver input.o_omni_lat")) {
            input.value = position.coords.latitude;
        }
        for (const input of document.querySelectorAll(".o_omni_driver input.o_omni_lon")) {
            input.value = position.coords.longitude;
        }
    });
}

function init() {
    const page = document.querySelector(".o_omni_driver");
    if (!page) {
        return;
    }
    for (const form of page.querySelectorAll("form.o_omni_pod_form")) {
        setupSignature(form);
    }
    fillPosition();
}

if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
} else {
    init();
}
