/** Saves text as a file through the browser's download mechanism (a Blob URL on a temporary link). */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: revoking synchronously can cancel the download in some engines.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
