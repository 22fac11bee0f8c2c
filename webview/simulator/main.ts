// The simulator webview's entry point: builds the page inside #app and talks to its host.
import './simulator.css';
import { SimulatorApp } from './app';
import { connectHost } from './host';

const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
root.classList.add('simulator-app');
new SimulatorApp(connectHost(), root);
