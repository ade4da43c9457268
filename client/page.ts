// What a page is to the router: an element to show and a way to stop its sockets and timers.

export interface Page {
  readonly el: HTMLElement;
  dispose(): void;
}
