/** @odoo-module **/
// Copyright 2026 Omnicanal
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import {App, Component, xml} from "@odoo/owl";
import {OverlayContainer} from "@web/core/overlay/overlay_container";
import {getTemplate} from "@web/core/templates";
import {registry} from "@web/core/registry";

/**
 * A page overlay already open when a second container mounts in a shadow
 * root (as the live chat's does) must not be mounted in it, even for the
 * container's first render.
 */
registry.category("web_tour.tours").add("omni_overlay_container_tour", {
    steps: () => [
        {
            content: "Mount a live-chat-like overlay container while a page overlay is open",
            trigger: "body",
            run: async () => {
                let mounted = 0;
                class Probe extends Component {
                    static template = xml`<div class="o_omni_overlay_probe"/>`;
                    static props = ["*"];
                    setup() {
                        mounted += 1;
                    }
                }
                const overlays = {
                    1: {id: 1, sequence: 50, component: Probe, props: {}, rootId: undefined},
                };
                const host = document.createElement("div");
                host.id = "omni_overlay_probe_host";
                document.body.append(host);
                const shadow = host.attachShadow({mode: "open"});
                const app = new App(OverlayContainer, {
                    env: {},
                    getTemplate,
                    props: {overlays},
                    test: true,
                });
                await app.mount(shadow);
                // Let the container's effect and its re-render run.
                await new Promise((resolve) => setTimeout(resolve, 100));
                const shown = shadow.querySelectorAll(".o_omni_overlay_probe").length;
                app.destroy();
                host.remove();
                if (mounted || shown) {
                    throw new Error(
                        `The page overlay was mounted ${mounted} time(s) in the shadow container`
                    );
                }
                document.body.classList.add("o_omni_overlay_probe_ok");
            },
        },
        {
            content: "The check ran",
            trigger: "body.o_omni_overlay_probe_ok",
        },
    ],
});
