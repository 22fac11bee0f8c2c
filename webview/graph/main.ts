// The graph webview's entry point: builds the page inside #app and waits for data from its host.
import './graph.css';
import { GraphApp } from './app';
import { connectHost } from './host';

const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
root.classList.add('graph-app');
new GraphApp(connectHost(), root);
