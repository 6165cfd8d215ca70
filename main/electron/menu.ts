/** The native menu: the platform's usual roles and shortcuts, plus the lab's screens. */
import { Menu, shell, type MenuItemConstructorOptions } from 'electron';

export function buildMenu(appName: string): Menu {
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ label: appName, role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'TensorFlow.js GPU setup',
          click: () => void shell.openExternal('https://www.tensorflow.org/js/guide/nodejs'),
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}
