// Assistant text is markdown from a model: parsed with marked, then sanitized with DOMPurify before it touches the DOM.
import DOMPurify from "dompurify";
import { marked } from "marked";

marked.setOptions({ gfm: true, breaks: false });

DOMPurify.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  }
});

export function renderMarkdown(text: string): HTMLElement {
  const html = marked.parse(text, { async: false }) as string;
  const container = document.createElement("div");
  container.className = "md";
  container.innerHTML = DOMPurify.sanitize(html, {
    FORBID_TAGS: ["style", "form", "input", "button", "textarea", "select", "iframe"],
    FORBID_ATTR: ["style", "class", "id"],
  });
  return container;
}
