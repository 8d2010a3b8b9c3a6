export class Modal {
  constructor(private readonly dialog: HTMLDialogElement) {
    document.addEventListener('keydown', this.closeOnEscape);
  }

  private closeOnEscape = (event: KeyboardEvent): void => {
    if (event.key === 'Escape') this.dialog.close();
  };

  dispose(): void {
    document.removeEventListener('keydown', this.closeOnEscape);
  }
}
